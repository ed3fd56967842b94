/** Wiring only: Grafana loads this module and reads `plugin`. */
import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { LogcasDataSource } from './datasource';
import type { LogcasOptions, LogcasQuery, LogcasSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<LogcasDataSource, LogcasQuery, LogcasOptions, LogcasSecureJsonData>(
  LogcasDataSource,
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
