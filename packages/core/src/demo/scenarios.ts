/**
 * User operations as OpenStack services log them. nova-api's request id travels over RPC, so the scheduler,
 * conductor and compute log the same `req-` id; HTTP calls to neutron, cinder and keystone carry it as
 * `X-OpenStack-Request-ID`, so those services log their own request id with nova's as the global id.
 * Failures write what operators actually see: NoValidHost, port binding failures, a libvirt that keeps failing
 * to spawn on one compute host, attach timeouts, live migrations that can not reach the target.
 */
import { COMPUTES, CONTROLLERS, STORAGE } from './topology';
import { ApiCall, tokenCheck, type Operation } from './api-call';
import { context } from './timeline';

const FLAVORS = ['m1.small', 'm1.medium', 'm1.large', 'ds2G'];
const NOVA = '/opt/stack/nova/nova';

/** The frames every spawn failure's traceback starts with: the build, down to the driver's spawn. */
const BUILD_TO_SPAWN = [
  'Traceback (most recent call last):',
  `  File "${NOVA}/compute/manager.py", line 2743, in _build_resources`,
  '    yield resources',
  `  File "${NOVA}/compute/manager.py", line 2503, in _build_and_run_instance`,
  '    self.driver.spawn(context, instance, image_meta,',
];

function bootServer(op: Operation): void {
  const { random } = op;
  const call = new ApiCall(op);
  const instance = op.instance ?? random.uuid();
  const flavor = random.pick(FLAVORS);
  const failure = op.fail ? random.pick(['no-valid-host', 'port-binding', 'libvirt-spawn'] as const) : null;
  tokenCheck(call);
  call.debug(
    call.controller,
    'nova-api',
    'nova.api.openstack.wsgi',
    `Action: 'create', calling method: <bound method ServersController.create of <nova.api.openstack.compute.servers.ServersController object>>, body: {"server": {"name": "vm-${instance.slice(0, 6)}", "flavorRef": "${flavor}", "networks": "auto"}}`,
    `_process_stack ${NOVA}/api/openstack/wsgi.py:511`,
  );
  call.linked('neutron-server', 'GET', `/v2.0/networks?project_id=${op.tenant.projectId}&shared=False`, 200);
  call.finish('POST', '/v2.1/servers', 202);
  const scheduler = random.pick(CONTROLLERS);
  call.debug(
    scheduler,
    'nova-scheduler',
    'nova.scheduler.manager',
    `Starting to schedule for instances: ['${instance}']`,
    `select_destinations ${NOVA}/scheduler/manager.py:141`,
  );
  if (failure === 'no-valid-host') {
    call.log(
      scheduler,
      'nova-scheduler',
      'INFO',
      'nova.filters',
      `Filtering removed all hosts for the request with instance ID '${instance}'. Filter results: ['AvailabilityZoneFilter: (start: 3, end: 3)', 'ComputeFilter: (start: 3, end: 3)', 'ImagePropertiesFilter: (start: 3, end: 0)']`,
    );
    const conductor = random.pick(CONTROLLERS);
    call.log(
      conductor,
      'nova-conductor',
      'ERROR',
      'nova.conductor.manager',
      'Failed to schedule instances: nova.exception_Remote.NoValidHost_Remote: No valid host was found. There are not enough hosts available.',
      undefined,
      [
        'Traceback (most recent call last):',
        `  File "${NOVA}/conductor/manager.py", line 1654, in schedule_and_build_instances`,
        '    host_lists = self._schedule_instances(context, request_specs[0],',
        `  File "${NOVA}/conductor/manager.py", line 942, in _schedule_instances`,
        '    host_lists = self.query_client.select_destinations(',
        `  File "${NOVA}/scheduler/rpcapi.py", line 160, in select_destinations`,
        "    return cctxt.call(ctxt, 'select_destinations', **msg_args)",
        'nova.exception.NoValidHost: No valid host was found. There are not enough hosts available.',
      ],
    );
    call.log(
      conductor,
      'nova-conductor',
      'WARNING',
      'nova.scheduler.utils',
      'Failed to compute_task_build_instances: No valid host was found. There are not enough hosts available.',
      instance,
    );
    call.log(
      conductor,
      'nova-conductor',
      'WARNING',
      'nova.scheduler.utils',
      'Setting instance to ERROR state.: nova.exception.NoValidHost: No valid host was found. There are not enough hosts available.',
      instance,
    );
    return;
  }
  const picked = random.pick(COMPUTES);
  const compute = failure === 'libvirt-spawn' ? op.timeline.topology.brokenCompute : picked;
  call.debug(
    scheduler,
    'nova-scheduler',
    'nova.scheduler.filter_scheduler',
    `Selected host: (${compute}, ${compute}) ram: ${random.int(8, 60) * 1024}MB disk: ${random.int(100, 400)}GB io_ops: 0 instances: ${random.int(0, 9)}`,
    `_consume_selected_host ${NOVA}/scheduler/filter_scheduler.py:355`,
  );
  call.log(compute, 'nova-compute', 'INFO', 'nova.compute.claims', `Claim successful on node ${compute}`, instance);
  const port = random.uuid();
  call.linked('neutron-server', 'POST', '/v2.0/ports', 201);
  const neutronHost = random.pick(CONTROLLERS);
  if (failure === 'port-binding') {
    const bind = op.random.requestId();
    call.logAs(
      neutronHost,
      'neutron-server',
      bind,
      'ERROR',
      'neutron.plugins.ml2.managers',
      `Failed to bind port ${port} on host ${compute} for vnic_type normal using segments [{'id': '${random.uuid()}', 'network_type': 'vxlan', 'physical_network': None, 'segmentation_id': ${random.int(100, 4000)}, 'network_id': '${random.uuid()}'}]`,
    );
    call.linked('neutron-server', 'PUT', `/v2.0/ports/${port}`, 200, neutronHost, bind);
    call.log(compute, 'nova-compute', 'ERROR', 'nova.compute.manager', 'Instance failed to spawn', instance, [
      ...BUILD_TO_SPAWN,
      `  File "${NOVA}/virt/libvirt/driver.py", line 4410, in spawn`,
      '    xml = self._get_guest_xml(context, instance, network_info,',
      `  File "${NOVA}/virt/libvirt/vif.py", line 533, in get_config`,
      "    raise exception.PortBindingFailed(port_id=vif['id'])",
      `nova.exception.PortBindingFailed: Binding failed for port ${port}, please check neutron logs for more information.`,
    ]);
    call.log(compute, 'nova-compute', 'INFO', 'nova.compute.manager', 'Terminating instance', instance);
    call.linked('neutron-server', 'DELETE', `/v2.0/ports/${port}`, 204);
    call.log(
      compute,
      'nova-compute',
      'ERROR',
      'nova.compute.manager',
      `Build of instance ${instance} aborted: Binding failed for port ${port}, please check neutron logs for more information.`,
      instance,
    );
    return;
  }
  const bind = op.random.requestId();
  call.logAs(
    neutronHost,
    'neutron-server',
    bind,
    'DEBUG',
    'neutron.plugins.ml2.managers',
    `Attempting to bind port ${port} on host ${compute} for vnic_type normal with profile`,
    '_bind_port_level /opt/stack/neutron/neutron/plugins/ml2/managers.py:811',
  );
  call.linked('neutron-server', 'PUT', `/v2.0/ports/${port}`, 200, neutronHost, bind);
  call.log(compute, 'nova-compute', 'INFO', 'nova.virt.libvirt.driver', 'Creating image(s)', instance);
  call.step(4000, 9000);
  if (failure === 'libvirt-spawn') {
    libvirtSpawnFailure(call, compute, instance);
    return;
  }
  call.log(
    compute,
    'nova-compute',
    'INFO',
    'nova.compute.manager',
    `Took ${random.float(6, 14).toFixed(2)} seconds to spawn the instance on the hypervisor.`,
    instance,
  );
  call.log(
    compute,
    'nova-compute',
    'INFO',
    'nova.compute.manager',
    `Took ${random.float(9, 18).toFixed(2)} seconds to build instance.`,
    instance,
  );
}

/** The spawn failure one broken compute host keeps writing: qemu dies as libvirt starts the guest. */
function libvirtSpawnFailure(call: ApiCall, compute: string, instance: string): void {
  const { random } = call.op;
  const when = new Date(call.t).toISOString();
  call.log(compute, 'nova-compute', 'ERROR', 'nova.compute.manager', 'Instance failed to spawn', instance, [
    ...BUILD_TO_SPAWN,
    `  File "${NOVA}/virt/libvirt/driver.py", line 4421, in spawn`,
    '    self._create_guest_with_network(',
    `  File "${NOVA}/virt/libvirt/guest.py", line 165, in launch`,
    '    return self._domain.createWithFlags(flags)',
    '  File "/usr/lib/python3/dist-packages/libvirt.py", line 1385, in createWithFlags',
    "    raise libvirtError('virDomainCreateWithFlags() failed')",
    `libvirt.libvirtError: internal error: qemu unexpectedly closed the monitor: ${when} qemu-system-x86_64: -chardev pty,id=charserial0: char device redirected to /dev/pts/${random.int(1, 40)} (label charserial0)`,
  ]);
  call.log(compute, 'nova-compute', 'INFO', 'nova.compute.manager', 'Terminating instance', instance);
  call.log(
    compute,
    'nova-compute',
    'ERROR',
    'nova.compute.manager',
    `Build of instance ${instance} was re-scheduled: internal error: qemu unexpectedly closed the monitor`,
    instance,
  );
}

function deleteServer(op: Operation): void {
  const call = new ApiCall(op);
  const instance = op.instance ?? op.random.uuid();
  const compute = op.random.pick(COMPUTES);
  tokenCheck(call);
  call.finish('DELETE', `/v2.1/servers/${instance}`, 204);
  call.log(compute, 'nova-compute', 'INFO', 'nova.compute.manager', 'Terminating instance', instance);
  call.log(compute, 'nova-compute', 'INFO', 'nova.virt.libvirt.driver', 'Instance destroyed successfully.', instance);
  call.linked('neutron-server', 'DELETE', `/v2.0/ports/${op.random.uuid()}`, 204);
  call.log(
    compute,
    'nova-compute',
    'INFO',
    'nova.compute.manager',
    `Took ${op.random.float(0.3, 1.5).toFixed(2)} seconds to deallocate network for instance.`,
    instance,
  );
}

function resizeServer(op: Operation): void {
  const { random } = op;
  const call = new ApiCall(op);
  const instance = op.instance ?? random.uuid();
  const [source, target] = [random.pick(COMPUTES), random.pick(COMPUTES)];
  tokenCheck(call);
  call.debug(
    call.controller,
    'nova-api',
    'nova.api.openstack.wsgi',
    `Action: 'action', calling method: <bound method ServersController._action_resize>, body: {"resize": {"flavorRef": "${random.pick(FLAVORS)}"}}`,
    `_process_stack ${NOVA}/api/openstack/wsgi.py:511`,
  );
  call.finish('POST', `/v2.1/servers/${instance}/action`, 202);
  call.debug(
    random.pick(CONTROLLERS),
    'nova-scheduler',
    'nova.scheduler.manager',
    `Starting to schedule for instances: ['${instance}']`,
    `select_destinations ${NOVA}/scheduler/manager.py:141`,
  );
  call.log(
    source,
    'nova-compute',
    'INFO',
    'nova.compute.manager',
    `Migrating instance to ${target} finished successfully.`,
    instance,
  );
  call.linked('neutron-server', 'PUT', `/v2.0/ports/${random.uuid()}`, 200);
  if (op.fail) {
    call.log(
      target,
      'nova-compute',
      'WARNING',
      'nova.compute.manager',
      `Timeout waiting for ['network-vif-plugged-${random.uuid()}'] for instance with vm_state resized and task_state resize_finish. Event states are: network-vif-plugged-${random.uuid()}: timed out after 300.00 seconds`,
      instance,
    );
  }
  call.log(target, 'nova-compute', 'INFO', 'nova.virt.libvirt.driver', 'Instance running successfully.', instance);
}

function attachVolume(op: Operation): void {
  const { random } = op;
  const call = new ApiCall(op);
  const instance = op.instance ?? random.uuid();
  const volume = random.uuid();
  const attachment = random.uuid();
  const compute = random.pick(COMPUTES);
  const project = op.tenant.projectId;
  tokenCheck(call);
  const cinderHost = random.pick(CONTROLLERS);
  call.linked('cinder-api', 'POST', `/v3/${project}/attachments`, 200, cinderHost);
  call.finish('POST', `/v2.1/servers/${instance}/os-volume_attachments`, 200, '2.79');
  call.log(compute, 'nova-compute', 'INFO', 'nova.compute.manager', `Attaching volume ${volume} to /dev/vdb`, instance);
  if (op.fail) {
    const messageId = random.hex(32);
    const cinderRequest = call.linked('cinder-api', 'PUT', `/v3/${project}/attachments/${attachment}`, 500, cinderHost);
    op.timeline.emit(cinderHost, 'cinder-api', {
      at: call.step(1, 5),
      level: 'ERROR',
      logger: 'cinder.api.v3.attachments',
      context: context(cinderRequest, call.requestId, op.tenant.userId, project),
      message: `Unable to update the attachment.`,
      traceback: [
        'Traceback (most recent call last):',
        '  File "/opt/stack/cinder/cinder/api/v3/attachments.py", line 250, in update',
        '    self.volume_api.attachment_update(context,',
        '  File "/opt/stack/cinder/cinder/volume/rpcapi.py", line 470, in attachment_update',
        "    return cctxt.call(ctxt, 'attachment_update',",
        `oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID ${messageId}`,
      ],
    });
    call.log(
      compute,
      'nova-compute',
      'ERROR',
      'nova.virt.block_device',
      `Driver failed to attach volume ${volume} at /dev/vdb`,
      instance,
      [
        'Traceback (most recent call last):',
        `  File "${NOVA}/virt/block_device.py", line 628, in _volume_attach`,
        '    connection_info = self._create_volume_attachment(',
        `  File "${NOVA}/volume/cinder.py", line 897, in attachment_update`,
        '    raise exception.CinderConnectionFailed(reason=err_msg)',
        `cinderclient.exceptions.ClientException: Unable to update attachment.(Timed out waiting for a reply to message ID ${messageId}). (HTTP 500) (Request-ID: ${cinderRequest})`,
      ],
    );
    return;
  }
  const cinderRequest = call.linked('cinder-api', 'PUT', `/v3/${project}/attachments/${attachment}`, 200, cinderHost);
  op.timeline.emit(STORAGE, 'cinder-volume', {
    at: call.step(20, 300),
    level: 'INFO',
    logger: 'cinder.volume.manager',
    context: context(cinderRequest, call.requestId, op.tenant.userId, project),
    message: 'attachment_update completed successfully.',
  });
  call.log(
    compute,
    'nova-compute',
    'INFO',
    'nova.virt.libvirt.driver',
    `Attached volume ${volume} at /dev/vdb`,
    instance,
  );
}

/** A live migration; a failed one cannot reach the target's libvirt. */
function migrateServer(op: Operation): void {
  const { random } = op;
  const call = new ApiCall(op);
  const instance = op.instance ?? random.uuid();
  const source = random.pick(COMPUTES);
  const target = random.pick(COMPUTES.filter((host) => host !== source));
  tokenCheck(call);
  call.debug(
    call.controller,
    'nova-api',
    'nova.api.openstack.wsgi',
    `Action: 'action', calling method: <bound method MigrateServerController._migrate_live>, body: {"os-migrateLive": {"host": "${target}", "block_migration": "auto"}}`,
    `_process_stack ${NOVA}/api/openstack/wsgi.py:511`,
  );
  call.finish('POST', `/v2.1/servers/${instance}/action`, 202);
  call.log(source, 'nova-compute', 'INFO', 'nova.virt.libvirt.migration', 'Starting live migration', instance);
  call.step(2000, 6000);
  if (op.fail) {
    call.log(
      source,
      'nova-compute',
      'ERROR',
      'nova.virt.libvirt.driver',
      `Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tcp://${target}/system: unable to connect to server at '${target}:16509': Connection refused`,
      instance,
    );
    call.log(source, 'nova-compute', 'INFO', 'nova.compute.manager', 'Migration operation has aborted', instance);
    return;
  }
  call.log(
    source,
    'nova-compute',
    'INFO',
    'nova.compute.manager',
    `Migrating instance to ${target} finished successfully.`,
    instance,
  );
  call.log(target, 'nova-compute', 'INFO', 'nova.compute.manager', 'Post operation of migration started', instance);
}

/** A read-only call: the most common API traffic. */
function listServers(op: Operation): void {
  const call = new ApiCall(op);
  tokenCheck(call);
  call.finish('GET', '/v2.1/servers/detail', 200);
}

export const OPERATIONS = {
  boot: bootServer,
  delete: deleteServer,
  resize: resizeServer,
  attach: attachVolume,
  migrate: migrateServer,
  list: listServers,
} as const;
