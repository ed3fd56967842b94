/** Datasource settings: the API URL (used only by Grafana's data proxy route) and the secret API token. */
import React from 'react';
import type { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { Field, FieldSet, Input, RadioButtonGroup, SecretInput } from '@grafana/ui';
import { MAX_SPAN_SECONDS } from '@logcas/contract/constants';
import type { CollectionName } from '@logcas/contract';
import {
  DEFAULT_CONTEXT_SPAN,
  DEFAULT_REQUEST_DASHBOARD_UID,
  type LogcasOptions,
  type LogcasSecureJsonData,
} from '../types';

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<LogcasOptions, LogcasSecureJsonData>;

const COLLECTIONS: Array<SelectableValue<CollectionName>> = [
  { label: 'Live', value: 'live' },
  { label: 'Archive', value: 'archive' },
];

/** The server root: people paste the API prefix or a trailing slash; the plugin adds /api/v1 itself. */
export function normaliseApiUrl(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api\/v1$/, '');
}

export function ConfigEditor({ options, onOptionsChange }: ConfigEditorProps) {
  const jsonData = options.jsonData ?? {};
  const setJson = <K extends keyof LogcasOptions>(key: K, value: LogcasOptions[K]): void =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, [key]: value } });
  const tokenConfigured = Boolean(options.secureJsonFields?.apiToken);

  return (
    <>
      <FieldSet label="LogCAS API">
        <Field
          label="API URL"
          description="Root URL of the LogCAS server as Grafana's server reaches it (no /api/v1). Requests go through Grafana's data proxy."
          required
        >
          <Input
            id="logcas-api-url"
            width={50}
            value={jsonData.apiUrl ?? ''}
            placeholder="http://logcas:8080"
            onChange={(e) => setJson('apiUrl', e.currentTarget.value)}
            onBlur={(e) => setJson('apiUrl', normaliseApiUrl(e.currentTarget.value))}
          />
        </Field>
        <Field
          label="API token"
          description="The server's LOGCAS_API_READ_TOKEN (read routes only; LOGCAS_API_TOKEN works too). Stored encrypted; the data proxy sends it as a Bearer header."
        >
          <SecretInput
            id="logcas-api-token"
            width={50}
            isConfigured={tokenConfigured}
            value={options.secureJsonData?.apiToken ?? ''}
            placeholder="token"
            onChange={(e) =>
              onOptionsChange({
                ...options,
                secureJsonData: { ...options.secureJsonData, apiToken: e.currentTarget.value },
              })
            }
            onReset={() =>
              onOptionsChange({
                ...options,
                secureJsonFields: { ...options.secureJsonFields, apiToken: false },
                secureJsonData: { ...options.secureJsonData, apiToken: '' },
              })
            }
          />
        </Field>
      </FieldSet>
      <FieldSet label="Defaults">
        <Field label="Default collection" description="Collection a new query starts with">
          <RadioButtonGroup<CollectionName>
            aria-label="Default collection"
            options={COLLECTIONS}
            value={jsonData.defaultCollection ?? 'live'}
            onChange={(value) => setJson('defaultCollection', value)}
          />
        </Field>
        <Field label="Request dashboard uid" description="Dashboard that request-id links open with var-request">
          <Input
            id="logcas-request-dashboard"
            width={30}
            value={jsonData.requestDashboardUid ?? ''}
            placeholder={DEFAULT_REQUEST_DASHBOARD_UID}
            onChange={(e) => setJson('requestDashboardUid', e.currentTarget.value)}
          />
        </Field>
        <Field
          label="Log context span (s)"
          description={`Seconds before and after a log that its context shows (1–${MAX_SPAN_SECONDS})`}
        >
          <Input
            id="logcas-context-span"
            type="number"
            width={12}
            value={jsonData.contextSpan ?? ''}
            placeholder={String(DEFAULT_CONTEXT_SPAN)}
            onChange={(e) => {
              const value = Number(e.currentTarget.value);
              setJson('contextSpan', e.currentTarget.value === '' || !Number.isFinite(value) ? undefined : value);
            }}
          />
        </Field>
      </FieldSet>
    </>
  );
}
