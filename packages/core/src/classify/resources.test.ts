/**
 * Resource extraction on real API paths and oslo messages: known kinds where the text tells them, `unknown`
 * where it does not, and never a resource for request, global request, user or project ids.
 */
import type { ResourceRef } from '@logcas/contract';
import { extractResources, type ResourceInput } from './resources';

const INSTANCE = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const VOLUME = '9d3b1c0e-6f4a-4e8b-9a2c-1d2e3f4a5b6c';
const PORT = 'e1b2c3d4-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const NETWORK = 'a5b6c7d8-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const IMAGE = '3f4a5b6c-7d8e-4f9a-8b0c-1d2e3f4a5b6c';
const PROJECT = '1a2b3c4d-5e6f-47a8-b9c0-d1e2f3a4b5c6';
const REQUEST = '6f1c3b2e-8d4a-4f5b-9c6d-7e8f9a0b1c2d';
const GLOBAL = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const USER = '7c3f9a2e-1d4b-4c5e-8f9a-0b1c2d3e4f50';

function input(fields: Partial<ResourceInput>): ResourceInput {
  return {
    message: '',
    httpPath: null,
    instance: null,
    requestId: `req-${REQUEST}`,
    globalRequestId: `req-${GLOBAL}`,
    userId: USER.replace(/-/g, ''),
    projectId: PROJECT.replace(/-/g, ''),
    ...fields,
  };
}

describe('resource extraction', () => {
  it.each<[string, Partial<ResourceInput>, ResourceRef[]]>([
    [
      'the [instance: …] tag',
      { instance: INSTANCE, message: 'Claim successful on node cmp-04' },
      [{ id: INSTANCE, kind: 'instance' }],
    ],
    [
      'a nova server action path, its project segment not a resource',
      {
        httpPath: `/v2.1/${PROJECT}/servers/${INSTANCE}/action`,
        message: `10.0.0.5 "POST /v2.1/${PROJECT}/servers/${INSTANCE}/action HTTP/1.1" status: 202`,
      },
      [{ id: INSTANCE, kind: 'instance' }],
    ],
    ['a nova path without project', { httpPath: `/v2.1/servers/${INSTANCE}` }, [{ id: INSTANCE, kind: 'instance' }]],
    [
      'a nova volume attachment path',
      { httpPath: `/v2.1/servers/${INSTANCE}/os-volume_attachments/${VOLUME}` },
      [
        { id: INSTANCE, kind: 'instance' },
        { id: VOLUME, kind: 'volume' },
      ],
    ],
    ['a cinder path', { httpPath: `/v3/${PROJECT}/volumes/${VOLUME}/action` }, [{ id: VOLUME, kind: 'volume' }]],
    ['a neutron port path', { httpPath: `/v2.0/ports/${PORT}` }, [{ id: PORT, kind: 'port' }]],
    ['a neutron network path', { httpPath: `/v2.0/networks/${NETWORK}.json` }, [{ id: NETWORK, kind: 'network' }]],
    ['a glance image path', { httpPath: `/v2/images/${IMAGE}/file` }, [{ id: IMAGE, kind: 'image' }]],
    [
      'cinder naming an LV volume-<uuid>',
      { message: `volume volume-${VOLUME}: create failed` },
      [{ id: VOLUME, kind: 'volume' }],
    ],
    [
      'volume <uuid>',
      { message: `Attaching volume ${VOLUME} to instance ${INSTANCE}` },
      [
        { id: VOLUME, kind: 'volume' },
        { id: INSTANCE, kind: 'instance' },
      ],
    ],
    ['port <uuid>', { message: `Port ${PORT} binding failed on host cmp-04` }, [{ id: PORT, kind: 'port' }]],
    [
      'key=value and dict forms',
      { message: `Unable to update port_id=${PORT} network_id: '${NETWORK}' {'image_ref': '${IMAGE}'}` },
      [
        { id: PORT, kind: 'port' },
        { id: NETWORK, kind: 'network' },
        { id: IMAGE, kind: 'image' },
      ],
    ],
    [
      'lists and ids in scheduler messages',
      { message: `Starting to schedule for instances: ['${INSTANCE}']` },
      [{ id: INSTANCE, kind: 'instance' }],
    ],
    [
      'instance ID in quotes',
      { message: `Filtering removed all hosts for the request with instance ID '${INSTANCE}'. Filter results: []` },
      [{ id: INSTANCE, kind: 'instance' }],
    ],
    [
      'an untold uuid as unknown',
      { message: `Compute node record created with uuid ${'c0ffee00-0000-4000-8000-000000000001'} ok` },
      [{ id: 'c0ffee00-0000-4000-8000-000000000001', kind: 'unknown' }],
    ],
    [
      'a told kind beating an earlier untold mention',
      { message: `Deleting ${VOLUME}: volume ${VOLUME} is busy` },
      [{ id: VOLUME, kind: 'volume' }],
    ],
    [
      'uppercase uuids, lowercased',
      { message: `volume ${VOLUME.toUpperCase()} missing` },
      [{ id: VOLUME, kind: 'volume' }],
    ],
  ])('%s', (_what, fields, expected) => {
    expect(extractResources(input(fields))).toEqual(expected);
  });

  it.each<[string, Partial<ResourceInput>]>([
    ['request ids in text', { message: `Returning to req-${'4b5c6d7e-8f90-4a1b-8c2d-3e4f5a6b7c8d'} after retry` }],
    ['the record’s own request and global request ids', { message: `Forwarded ${REQUEST} (global ${GLOBAL})` }],
    [
      'user and project ids equal to the record’s, dashed or not',
      { message: `Quota exceeded for ${PROJECT} by ${USER}` },
    ],
    [
      'uuids the text calls a project, tenant, user or domain',
      {
        message: `project_id=${'aaaaaaaa-0000-4000-8000-000000000001'} tenant ${'aaaaaaaa-0000-4000-8000-000000000002'} user: ${'aaaaaaaa-0000-4000-8000-000000000003'} domain_id ${'aaaaaaaa-0000-4000-8000-000000000004'}`,
      },
    ],
    [
      'keystone identity paths',
      { httpPath: `/v3/users/${USER}/projects`, message: `GET /v3/projects/${'bbbbbbbb-0000-4000-8000-000000000001'}` },
    ],
    [
      'the project segment of versioned paths',
      { httpPath: `/v2.1/${'cccccccc-0000-4000-8000-000000000001'}/servers/detail` },
    ],
    ['hex ids inside longer words', { message: `checksum 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d00ff trailing` }],
  ])('no resource from %s', (_what, fields) => {
    expect(extractResources(input(fields))).toEqual([]);
  });
});
