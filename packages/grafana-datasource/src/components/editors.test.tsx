import React, { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceSettings } from '@grafana/data';
import { instanceSettings } from '../../test/support/fixtures';
import { installBackend } from '../../test/support/grafana-services';
import { installDashboardVariables } from '../../test/support/scene-templates';
import { LogcasDataSource } from '../datasource';
import type { LogcasOptions, LogcasQuery, LogcasSecureJsonData, LogcasVariableQuery } from '../types';
import { ConfigEditor, normaliseApiUrl } from './ConfigEditor';
import { QueryEditor } from './QueryEditor';
import { VariableQueryEditor } from './VariableQueryEditor';

beforeAll(async () => {
  await installDashboardVariables([
    { name: 'host', type: 'custom', query: 'compute-1', current: { value: 'compute-1' } },
  ]);
  installBackend((request) => {
    const field = /\/values\/(\w+)$/.exec(request.url)?.[1];
    const values: Record<string, string[]> = { host: ['compute-1', 'compute-2'], level: ['INFO', 'ERROR'] };
    return { data: field ? { field, values: values[field] ?? [] } : {} };
  });
});

const datasource = () => new LogcasDataSource(instanceSettings());

/** Keeps the query in state like Grafana does, and records every onChange. */
function StatefulQueryEditor({
  initial,
  changes,
  runs,
}: {
  initial: LogcasQuery;
  changes: LogcasQuery[];
  runs: jest.Mock;
}) {
  const [query, setQuery] = useState(initial);
  return (
    <QueryEditor
      datasource={datasource()}
      query={query}
      onRunQuery={runs}
      onChange={(next) => {
        changes.push(next);
        setQuery(next);
      }}
    />
  );
}

describe('QueryEditor', () => {
  test('switching the query type changes only queryType and runs the query', async () => {
    const changes: LogcasQuery[] = [];
    const runs = jest.fn();
    render(
      <StatefulQueryEditor
        initial={{ refId: 'A', queryType: 'logs', host: 'compute-1' }}
        changes={changes}
        runs={runs}
      />,
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Requests' }));
    expect(changes.at(-1)).toEqual({ refId: 'A', queryType: 'requests', host: 'compute-1' });
    expect(runs).toHaveBeenCalledTimes(1);
    // Requests show their own controls.
    expect(screen.getByRole('radio', { name: 'Duration' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Around')).not.toBeInTheDocument();
  });

  test('a host select offers the API values and the dashboard variables, and runs on each choice', async () => {
    const changes: LogcasQuery[] = [];
    const runs = jest.fn();
    render(<StatefulQueryEditor initial={{ refId: 'A', queryType: 'logs' }} changes={changes} runs={runs} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Host' }));
    const offered = await screen.findAllByRole('option');
    expect(offered.map((o) => o.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining('$host'), 'compute-1', 'compute-2']),
    );
    await userEvent.click(screen.getByRole('option', { name: 'compute-2' }));
    expect(changes.at(-1)).toEqual({ refId: 'A', queryType: 'logs', host: 'compute-2' });
    expect(runs).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('option', { name: 'compute-1' }));
    expect(changes.at(-1)).toEqual({ refId: 'A', queryType: 'logs', host: ['compute-2', 'compute-1'] });
  });

  test('text fields run on Enter; number fields keep numbers, and variables as text', async () => {
    const changes: LogcasQuery[] = [];
    const runs = jest.fn();
    render(<StatefulQueryEditor initial={{ refId: 'A', queryType: 'logs' }} changes={changes} runs={runs} />);
    await userEvent.type(screen.getByLabelText('Search'), 'spawn{Enter}');
    expect(changes.at(-1)).toEqual({ refId: 'A', queryType: 'logs', search: 'spawn' });
    expect(runs).toHaveBeenCalledTimes(1);
    await userEvent.type(screen.getByLabelText('Limit'), '250');
    expect(changes.at(-1)).toMatchObject({ search: 'spawn', limit: 250 });
    await userEvent.type(screen.getByLabelText('Span (s)'), '$span');
    expect(changes.at(-1)).toMatchObject({ span: '$span' });
    await userEvent.clear(screen.getByLabelText('Search'));
    expect(changes.at(-1)).not.toHaveProperty('search');
  });

  test('min level is a select of level names that also takes a variable', async () => {
    const changes: LogcasQuery[] = [];
    render(<StatefulQueryEditor initial={{ refId: 'A', queryType: 'logs' }} changes={changes} runs={jest.fn()} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Min level' }));
    await userEvent.click(await screen.findByRole('option', { name: 'WARNING' }));
    expect(changes.at(-1)).toEqual({ refId: 'A', queryType: 'logs', minLevel: 'WARNING' });
  });

  test('excluded values show as buttons that remove the exclusion', async () => {
    const changes: LogcasQuery[] = [];
    const runs = jest.fn();
    render(
      <StatefulQueryEditor
        initial={{ refId: 'A', queryType: 'logs', exclude: { host: ['compute-2'], level: ['DEBUG'] } }}
        changes={changes}
        runs={runs}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Stop excluding host compute-2' }));
    expect(changes.at(-1)).toEqual({ refId: 'A', queryType: 'logs', exclude: { level: ['DEBUG'] } });
    expect(runs).toHaveBeenCalledTimes(1);
  });

  test('project and user say that the API matches ids', () => {
    render(<StatefulQueryEditor initial={{ refId: 'A', queryType: 'logs' }} changes={[]} runs={jest.fn()} />);
    expect(screen.getByRole('combobox', { name: 'Project' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'User' })).toBeInTheDocument();
  });

  test('collection and order are radio groups', async () => {
    const changes: LogcasQuery[] = [];
    render(<StatefulQueryEditor initial={{ refId: 'A', queryType: 'logs' }} changes={changes} runs={jest.fn()} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Archive' }));
    expect(changes.at(-1)).toEqual({ refId: 'A', queryType: 'logs', collection: 'archive' });
    await userEvent.click(screen.getByRole('radio', { name: 'Oldest first' }));
    expect(changes.at(-1)).toMatchObject({ order: 'asc', collection: 'archive' });
  });

  test('request detail asks for a request id and the related-requests switch', async () => {
    const changes: LogcasQuery[] = [];
    render(
      <StatefulQueryEditor initial={{ refId: 'A', queryType: 'requestDetail' }} changes={changes} runs={jest.fn()} />,
    );
    await userEvent.type(screen.getByLabelText('Request id'), 'req-1');
    expect(changes.at(-1)).toEqual({ refId: 'A', queryType: 'requestDetail', requestId: 'req-1' });
    await userEvent.click(screen.getByLabelText('Related requests'));
    expect(changes.at(-1)).toMatchObject({ includeRelated: false, requestId: 'req-1' });
    expect(screen.queryByRole('combobox', { name: 'Service' })).not.toBeInTheDocument();
  });

  test('volume shows the step and the log filters', async () => {
    const changes: LogcasQuery[] = [];
    render(<StatefulQueryEditor initial={{ refId: 'A', queryType: 'volume' }} changes={changes} runs={jest.fn()} />);
    await userEvent.type(screen.getByLabelText('Step (s)'), '300');
    expect(changes.at(-1)).toEqual({ refId: 'A', queryType: 'volume', step: 300 });
    expect(screen.getByRole('combobox', { name: 'Service' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Instance')).toBeInTheDocument();
    expect(screen.queryByLabelText('Limit')).not.toBeInTheDocument();
  });
});

type Settings = DataSourceSettings<LogcasOptions, LogcasSecureJsonData>;

function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    id: 1,
    uid: 'logcas',
    orgId: 1,
    name: 'LogCAS',
    type: 'logcas-logs-datasource',
    typeName: 'LogCAS',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData: {},
    secureJsonFields: {},
    ...overrides,
  } as Settings;
}

function StatefulConfigEditor({ initial, changes }: { initial: Settings; changes: Settings[] }) {
  const [options, setOptions] = useState(initial);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(next) => {
        changes.push(next);
        setOptions(next);
      }}
    />
  );
}

describe('ConfigEditor', () => {
  test('the API URL goes to jsonData and is normalised to the server root on blur', async () => {
    const changes: Settings[] = [];
    render(<StatefulConfigEditor initial={settings()} changes={changes} />);
    const url = screen.getByPlaceholderText('http://logcas:8080');
    await userEvent.type(url, 'http://logcas:8080/api/v1/');
    expect(changes.at(-1)?.jsonData.apiUrl).toBe('http://logcas:8080/api/v1/');
    await userEvent.tab();
    expect(changes.at(-1)?.jsonData.apiUrl).toBe('http://logcas:8080');
    expect(changes.at(-1)?.secureJsonData).toBeUndefined();
  });

  test('a new token goes to secureJsonData only', async () => {
    const changes: Settings[] = [];
    render(<StatefulConfigEditor initial={settings({ jsonData: { apiUrl: 'http://x' } })} changes={changes} />);
    await userEvent.type(screen.getByPlaceholderText('token'), 's3cret');
    expect(changes.at(-1)?.secureJsonData).toEqual({ apiToken: 's3cret' });
    expect(changes.at(-1)?.jsonData).toEqual({ apiUrl: 'http://x' });
  });

  test('a configured token is shown as configured and can only be reset', async () => {
    const changes: Settings[] = [];
    render(<StatefulConfigEditor initial={settings({ secureJsonFields: { apiToken: true } })} changes={changes} />);
    const token = screen.getByDisplayValue('configured');
    expect(token).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(changes.at(-1)?.secureJsonFields).toEqual({ apiToken: false });
    expect(changes.at(-1)?.secureJsonData).toEqual({ apiToken: '' });
    expect(screen.getByPlaceholderText('token')).toBeEnabled();
  });

  test('defaults: collection, dashboard uid and context span', async () => {
    const changes: Settings[] = [];
    render(<StatefulConfigEditor initial={settings()} changes={changes} />);
    await userEvent.click(within(screen.getByLabelText('Default collection')).getByRole('radio', { name: 'Archive' }));
    expect(changes.at(-1)?.jsonData.defaultCollection).toBe('archive');
    await userEvent.type(screen.getByPlaceholderText('logcas-request'), 'my-dash');
    expect(changes.at(-1)?.jsonData.requestDashboardUid).toBe('my-dash');
    await userEvent.type(screen.getByPlaceholderText('60'), '30');
    expect(changes.at(-1)?.jsonData).toMatchObject({ contextSpan: 30, defaultCollection: 'archive' });
  });

  test('normaliseApiUrl keeps the server root', () => {
    expect(normaliseApiUrl(' http://logcas:8080/api/v1 ')).toBe('http://logcas:8080');
    expect(normaliseApiUrl('http://logcas:8080///')).toBe('http://logcas:8080');
    expect(normaliseApiUrl('https://logs.example.org/logcas')).toBe('https://logs.example.org/logcas');
  });
});

describe('VariableQueryEditor', () => {
  test('chooses the field and collection', async () => {
    const changes: LogcasVariableQuery[] = [];
    function Stateful() {
      const [query, setQuery] = useState<LogcasVariableQuery>({ refId: 'V', field: 'host' });
      return (
        <VariableQueryEditor
          datasource={datasource()}
          query={query}
          onRunQuery={jest.fn()}
          onChange={(next) => {
            changes.push(next);
            setQuery(next);
          }}
        />
      );
    }
    render(<Stateful />);
    await userEvent.click(screen.getByRole('radio', { name: 'Services' }));
    expect(changes.at(-1)).toEqual({ refId: 'V', field: 'service', collection: 'live' });
    await userEvent.click(screen.getByRole('radio', { name: 'Archive' }));
    expect(changes.at(-1)).toEqual({ refId: 'V', field: 'service', collection: 'archive' });
  });

  test('a new variable saves the field its editor shows, before anything is touched', () => {
    const onChange = jest.fn();
    render(
      <VariableQueryEditor
        datasource={datasource()}
        query={{ refId: 'V' }}
        onRunQuery={jest.fn()}
        onChange={onChange}
      />,
    );
    expect(onChange).toHaveBeenCalledWith({ refId: 'V', field: 'host', collection: 'live' });
  });
});

test('an annotation query shows the log filters', async () => {
  const changes: LogcasQuery[] = [];
  render(
    <StatefulQueryEditor initial={{ refId: 'Anno', queryType: 'annotations' }} changes={changes} runs={jest.fn()} />,
  );
  await userEvent.type(screen.getByLabelText('Search'), 'fail');
  expect(changes.at(-1)).toEqual({ refId: 'Anno', queryType: 'annotations', search: 'fail' });
  expect(screen.getByRole('combobox', { name: 'Host' })).toBeInTheDocument();
  expect(screen.queryByLabelText('Around')).not.toBeInTheDocument();
});
