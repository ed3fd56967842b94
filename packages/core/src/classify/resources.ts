/**
 * The OpenStack resources a record names (docs/fingerprints.md, "Resources"): uuids in its message, its
 * HTTP path and its `instance` field, each with the kind the text around it tells. Pure.
 *
 * Identity uuids are never resources: request ids (`req-…`), the record's own request, global request,
 * user, project and domain ids, the project segment of a versioned API path (`/v2.1/<project>/servers`),
 * and uuids the text calls a project, tenant, user, domain or request.
 */
import type { ResourceKind, ResourceRef } from '@logcas/contract';

/** The fields of a record the extraction reads. */
export interface ResourceInput {
  message: string;
  httpPath: string | null;
  instance: string | null;
  requestId: string | null;
  globalRequestId: string | null;
  userId: string | null;
  projectId: string | null;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_AT_END = new RegExp(`(${UUID})$`, 'i');

/** API path collections → kind (nova, cinder, neutron, glance). */
const PATH_KINDS: Readonly<Record<string, ResourceKind>> = {
  servers: 'instance',
  volumes: 'volume',
  'os-volumes': 'volume',
  'os-volume_attachments': 'volume',
  snapshots: 'snapshot',
  backups: 'backup',
  attachments: 'attachment',
  images: 'image',
  ports: 'port',
  networks: 'network',
  subnets: 'subnet',
  routers: 'router',
  floatingips: 'floatingip',
  'security-groups': 'security_group',
};

/** Words before a uuid → kind (`volume <uuid>`, `port_id=<uuid>`, `volume-<uuid>` as cinder names LVs). */
const WORD_KINDS: Readonly<Record<string, ResourceKind>> = {
  instance: 'instance',
  instances: 'instance',
  instance_uuid: 'instance',
  instance_id: 'instance',
  server: 'instance',
  server_id: 'instance',
  volume: 'volume',
  volumes: 'volume',
  volume_id: 'volume',
  snapshot: 'snapshot',
  snapshot_id: 'snapshot',
  backup: 'backup',
  backup_id: 'backup',
  attachment: 'attachment',
  attachment_id: 'attachment',
  image: 'image',
  image_id: 'image',
  image_ref: 'image',
  port: 'port',
  port_id: 'port',
  vif: 'port',
  network: 'network',
  network_id: 'network',
  'net-id': 'network',
  subnet: 'subnet',
  subnet_id: 'subnet',
  router: 'router',
  router_id: 'router',
  floatingip: 'floatingip',
  floating_ip: 'floatingip',
  security_group: 'security_group',
  security_group_id: 'security_group',
};

/** Words before a uuid that mark it as an identity, never a resource. */
const IDENTITY_WORDS = /(?:project|tenant|user|domain|request|owner|consumer_generation)(?:_?id)?$/i;

// The word right before a uuid, with what may stand between: `volume `, `port_id=`, `instance: `, `volume-`,
// `image_ref': '`, `instances: ['`, `instance ID '`, `uuid of instance `.
const BEFORE = /([A-Za-z][\w-]*?)(?:\s+(?:id|uuid))?(?:['"]?\s*[:=]?\s*[[('"]*|-)$/i;

function kindFromPath(path: string, index: number): ResourceKind | 'identity' | null {
  const before = path.slice(0, index);
  const segment = /\/([\w.-]+)\/$/.exec(before)?.[1];
  if (segment === undefined) return null;
  if (/^v\d+(\.\d+)?$/i.test(segment)) return 'identity'; // /v2.1/<project>/…, /v3/<project>/…
  if (segment === 'projects' || segment === 'users' || segment === 'domains' || segment === 'tenants')
    return 'identity';
  return PATH_KINDS[segment] ?? null;
}

function kindFromText(text: string, index: number): ResourceKind | 'identity' | null {
  const before = text.slice(Math.max(0, index - 40), index);
  if (/req-$/i.test(before)) return 'identity';
  if (/\[instance:\s*$/.test(before)) return 'instance';
  const path = /\/[\w./-]*$/.exec(before);
  if (path) return kindFromPath(path[0], path[0].length);
  const word = BEFORE.exec(before)?.[1]?.toLowerCase();
  if (word === undefined) return null;
  if (IDENTITY_WORDS.test(word)) return 'identity';
  return WORD_KINDS[word] ?? null;
}

/** The resources a record names, each once, the first kind the text tells winning over `unknown`. */
export function extractResources(record: ResourceInput): ResourceRef[] {
  const identities = new Set(
    [record.requestId, record.globalRequestId, record.userId, record.projectId]
      .filter((id): id is string => id !== null)
      .map((id) => id.toLowerCase().replace(/^req-/, '').replace(/-/g, '')),
  );
  const found = new Map<string, ResourceKind>();
  const add = (id: string, kind: ResourceKind | null): void => {
    const lower = id.toLowerCase();
    if (identities.has(lower.replace(/-/g, ''))) return;
    const known = found.get(lower);
    if (known === undefined || (known === 'unknown' && kind !== null)) found.set(lower, kind ?? 'unknown');
  };
  if (record.instance && UUID_AT_END.test(record.instance)) add(record.instance, 'instance');
  for (const text of [record.httpPath, record.message]) {
    if (!text) continue;
    for (const match of text.matchAll(new RegExp(`(?<![0-9a-z])${UUID}(?![0-9a-z])`, 'gi'))) {
      const kind = kindFromText(text, match.index);
      if (kind !== 'identity') add(match[0], kind);
    }
  }
  return [...found].map(([id, kind]) => ({ id, kind }));
}
