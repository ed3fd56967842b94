/**
 * The service a log file belongs to, from its name (docs/formats.md): `nova-api.log`, `nova-api.log.1`,
 * `nova-api.log.2.gz`, `nova-compute.log.2017-05-16_13:55:31` → `nova-api`, `nova-compute`. Also
 * RDO's `/var/log/neutron/server.log` → `neutron-server` and devstack's `screen-n-cpu.txt.gz` → `nova-compute`.
 */

// Files rotated by logrotate / Python handlers keep `.log` followed by a counter, a date or `.gz`.
const LOG_FILE = /^(?:screen-)?([A-Za-z0-9][A-Za-z0-9_.-]*?)\.log(?:[._-].*)?$/;
// devstack gate logs: screen-n-cpu.txt, screen-n-cpu.txt.gz
const SCREEN_FILE = /^screen-([A-Za-z0-9][A-Za-z0-9_-]*)\.txt(?:\.gz)?$/;

const PROJECTS = new Set([
  'nova',
  'neutron',
  'cinder',
  'glance',
  'keystone',
  'heat',
  'placement',
  'octavia',
  'manila',
  'ironic',
  'barbican',
  'designate',
  'swift',
  'horizon',
]);

// devstack's short service names (screen-<name>.txt, <name>.log).
const DEVSTACK: Readonly<Record<string, string>> = {
  'n-api': 'nova-api',
  'n-cpu': 'nova-compute',
  'n-sch': 'nova-scheduler',
  'n-cond': 'nova-conductor',
  'n-super-cond': 'nova-conductor',
  'n-novnc': 'nova-novncproxy',
  'n-api-meta': 'nova-api-metadata',
  'q-svc': 'neutron-server',
  'q-agt': 'neutron-openvswitch-agent',
  'q-dhcp': 'neutron-dhcp-agent',
  'q-l3': 'neutron-l3-agent',
  'q-meta': 'neutron-metadata-agent',
  'c-api': 'cinder-api',
  'c-vol': 'cinder-volume',
  'c-sch': 'cinder-scheduler',
  'c-bak': 'cinder-backup',
  'g-api': 'glance-api',
  key: 'keystone',
};

/**
 * The service name operators use for a name a wrapper gives (journald identifier, container or pebble
 * service, Fluent tag's last part):
 *   devstack units            `devstack@n-cpu.service` → `nova-compute`, `devstack@keystone.service` → `keystone`
 *   systemd units             `nova-compute.service` → `nova-compute`
 *   Apache-hosted (Sunbeam)   `wsgi-placement-api` → `placement-api`, `wsgi-keystone` → `keystone`
 *   kolla containers          `nova_compute` → `nova-compute`, `neutron_l3_agent` → `neutron-l3-agent`
 * Other names are returned unchanged. The record keeps the wrapper's own name in `extra.wrapperService` when
 * this changed it.
 */
export function normaliseServiceName(name: string): string {
  let unit = name.endsWith('.service') ? name.slice(0, -'.service'.length) : name;
  if (unit.startsWith('devstack@')) {
    unit = unit.slice('devstack@'.length);
    return DEVSTACK[unit] ?? unit;
  }
  if (unit.startsWith('wsgi-') && unit.length > 5) unit = unit.slice(5);
  const underscore = unit.indexOf('_');
  if (underscore > 0 && PROJECTS.has(unit.slice(0, underscore))) unit = unit.replace(/_/g, '-');
  return unit;
}

/** Service name of a log file path, or null when the name does not tell. */
export function serviceFromFileName(path: string): string | null {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  const match = LOG_FILE.exec(base) ?? SCREEN_FILE.exec(base);
  if (!match) return null;
  const name = match[1] as string;
  if (base.startsWith('screen-') || DEVSTACK[name] !== undefined) return DEVSTACK[name] ?? name;
  const dir = (parts[parts.length - 2] ?? '').toLowerCase();
  // RDO and others write /var/log/<project>/<role>.log (server.log, volume.log, api.log).
  if (PROJECTS.has(dir) && !name.startsWith(dir)) return `${dir}-${name}`;
  return name;
}
