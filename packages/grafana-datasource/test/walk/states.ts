/**
 * The variable states a Grafana user can put a provisioned dashboard in, one variable at a time (the others
 * keep their provisioned values), plus the whole dashboard on a time range without logs:
 *   textbox  — a typed value (a real one from the data), empty;
 *   custom   — its first and its last option (the provisioned one is the provisioned state);
 *   query    — one option, several options (the variable made multi-value), All with the custom all value
 *              `*`, All without a custom all value (every option), and a cleared multi-value selection.
 * While a custom or query variable varies, the textboxes hold typed values (the request being read, the
 * time being looked around), as they do when a user changes the others.
 * A state is the dashboard's variable definitions as saved (what the user may change in the variable's
 * settings) plus what the user then picks in the variable's control.
 */
import { MultiValueVariable, TextBoxVariable, type SceneVariableSet } from '@grafana/scenes';
import type { DashboardVariable } from '../support/scene-templates';

/** Real values from the demo data, for typed textboxes. */
export interface DemoFacts {
  /** A request with an ERROR and related requests. */
  requestId: string;
  /** The time of a log in the middle of the traffic (epoch ms as text, as the Range window's link sends). */
  around: string;
  /** An instance the failed request touched (the Resource history dashboard's typed uuid). */
  resource: string;
}

export interface WalkState {
  name: string;
  /** The variable this state varies; undefined for the provisioned state and the empty range. */
  variable?: string;
  /** The variable definitions as saved in the dashboard for this state. */
  definitions: DashboardVariable[];
  /** What the user picks once the variables have their options. */
  pick(set: SceneVariableSet, facts: DemoFacts): void;
  /** The dashboard on a time range that holds no logs. */
  emptyRange?: boolean;
}

function withVariable(
  definitions: DashboardVariable[],
  name: string,
  change: (variable: DashboardVariable) => DashboardVariable,
): DashboardVariable[] {
  return definitions.map((variable) => (variable.name === name ? change(variable) : variable));
}

function multiValue(set: SceneVariableSet, name: string): MultiValueVariable {
  const variable = set.getByName(name);
  if (!(variable instanceof MultiValueVariable)) throw new Error(`variable ${name} is not a multi-value variable`);
  return variable;
}

/** The option values a variable offers once loaded; fails when it has fewer than `atLeast`. */
function optionValues(set: SceneVariableSet, name: string, atLeast: number): string[] {
  const values = multiValue(set, name).state.options.map((option) => String(option.value));
  if (values.length < atLeast) {
    throw new Error(`variable ${name} offers ${values.length} options (${values}), the walk needs ${atLeast}`);
  }
  return values;
}

const nothing = (): void => undefined;

/** A textbox's typed value: a real request id or log time from the demo data. */
function typedValue(name: string, facts: DemoFacts): string {
  if (name === 'request') return facts.requestId;
  if (name === 'around') return facts.around;
  if (name === 'resource') return facts.resource;
  throw new Error(`no typed value known for textbox ${name}`);
}

/**
 * Every textbox typed, as a user has them while changing other variables: the request being read, the time
 * being looked around.
 */
function typeTextboxes(set: SceneVariableSet, facts: DemoFacts): void {
  for (const variable of set.state.variables) {
    if (variable instanceof TextBoxVariable) variable.setValue(typedValue(variable.state.name, facts));
  }
}

function queryVariableStates(definitions: DashboardVariable[], variable: DashboardVariable): WalkState[] {
  const { name } = variable;
  return [
    {
      variable: name,
      name: `${name}: one option`,
      definitions: withVariable(definitions, name, (v) => ({ ...v, multi: false })),
      pick: (set) => multiValue(set, name).changeValueTo(optionValues(set, name, 1)[0]!),
    },
    {
      variable: name,
      name: `${name}: several options`,
      definitions: withVariable(definitions, name, (v) => ({ ...v, multi: true })),
      pick: (set) => multiValue(set, name).changeValueTo(optionValues(set, name, 2).slice(0, 2)),
    },
    {
      variable: name,
      name: `${name}: All with the custom all value *`,
      definitions: withVariable(definitions, name, (v) => ({ ...v, includeAll: true, allValue: '*' })),
      pick: (set) => multiValue(set, name).changeValueTo('$__all'),
    },
    {
      variable: name,
      name: `${name}: All without a custom all value`,
      definitions: withVariable(definitions, name, (v) => ({ ...v, includeAll: true, allValue: null, multi: true })),
      pick: (set) => multiValue(set, name).changeValueTo(['$__all']),
    },
    {
      variable: name,
      name: `${name}: cleared (no option selected)`,
      definitions: withVariable(definitions, name, (v) => ({ ...v, multi: true })),
      pick: (set) => multiValue(set, name).changeValueTo([]),
    },
  ];
}

function textboxStates(definitions: DashboardVariable[], variable: DashboardVariable): WalkState[] {
  const { name } = variable;
  const textbox = (set: SceneVariableSet): TextBoxVariable => {
    const found = set.getByName(name);
    if (!(found instanceof TextBoxVariable)) throw new Error(`variable ${name} is not a textbox`);
    return found;
  };
  return [
    {
      variable: name,
      name: `${name}: typed`,
      definitions,
      pick: (set, facts) => textbox(set).setValue(typedValue(name, facts)),
    },
    { variable: name, name: `${name}: empty`, definitions, pick: (set) => textbox(set).setValue('') },
  ];
}

function customStates(definitions: DashboardVariable[], variable: DashboardVariable): WalkState[] {
  const options = String(variable.query ?? '')
    .split(',')
    .map((option) => option.trim())
    .filter(Boolean);
  const chosen = [...new Set([options[0], options.at(-1)])].filter((o): o is string => o !== undefined);
  return chosen.map((option) => ({
    variable: variable.name,
    name: `${variable.name}: option ${option}`,
    definitions,
    pick: (set: SceneVariableSet) => multiValue(set, variable.name).changeValueTo(option),
  }));
}

/** Every state of every variable of a dashboard, the provisioned state first and the empty range last. */
export function walkStates(definitions: DashboardVariable[]): WalkState[] {
  const states: WalkState[] = [{ name: 'as provisioned', definitions, pick: nothing }];
  for (const variable of definitions) {
    if (variable.type === 'textbox') {
      states.push(...textboxStates(definitions, variable));
      continue;
    }
    const own =
      variable.type === 'query'
        ? queryVariableStates(definitions, variable)
        : variable.type === 'custom'
          ? customStates(definitions, variable)
          : undefined;
    if (!own) throw new Error(`the walk knows no states for variables of type ${variable.type} (${variable.name})`);
    states.push(
      ...own.map((state) => ({
        ...state,
        pick: (set: SceneVariableSet, facts: DemoFacts) => {
          typeTextboxes(set, facts);
          state.pick(set, facts);
        },
      })),
    );
  }
  states.push({ name: 'a time range without logs', definitions, pick: nothing, emptyRange: true });
  return states;
}
