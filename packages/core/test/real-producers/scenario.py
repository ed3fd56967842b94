"""What each service of the scripted cloud logs: one boot request whose global request id links nova-api,
nova-scheduler, placement, nova-conductor and nova-compute; a failing API request; keystone with and without a
token; every level; LOG.exception and chained exceptions; exc_info on WARNING and DEBUG; non-ASCII, multi-line
messages, a remote traceback in a message, qemu's stderr (its own ISO time) quoted in a libvirt error, a line
over 16 KiB, identical lines in one millisecond, and lines of the same logger right after an exception."""

import datetime


class QuotaWarning(Exception):
    pass


class AllocationConflict(Exception):
    pass


class libvirtError(Exception):  # noqa: N801 -- libvirt's own name
    pass


libvirtError.__module__ = 'libvirt'
QuotaWarning.__module__ = 'nova.exception'
AllocationConflict.__module__ = 'placement.exception'


def identical_lines(logger, witness, message, context, attempts=50):
    """Logs the same line three times in a row until two of them share a millisecond."""
    for _ in range(attempts):
        for _ in range(3):
            logger.debug(message, context=context)
        stamps = [record['ts'] for record in witness.records[-3:]]
        if len(set(stamps)) < 3:
            return
    raise RuntimeError('could not log two identical lines in one millisecond')


def nova_api(log, witness, ctx, ids):
    service = log.getLogger('nova.service')
    servers = log.getLogger('nova.api.openstack.compute.servers')
    wsgi = log.getLogger('nova.api.openstack.wsgi')
    requestlog = log.getLogger('nova.api.openstack.requestlog')
    service.info('Starting nova-api node (version 30.1.0)')
    service.debug('Full set of CONF:')
    boot = ctx(ids['boot'])
    wsgi.debug("Action: 'create', calling method: <bound method ServersController.create>, body: "
               '{"server": {"name": "vm-\u00e9", "flavorRef": "m1.small"}}', context=boot)
    servers.info('Cr\u00e9ation du serveur \u00ab vm-\u00e9 \u00bb demand\u00e9e \u2014 '
                 '\u4eee\u60f3\u30de\u30b7\u30f3\u3092\u4f5c\u6210\u3057\u307e\u3059', context=boot,
                 instance_uuid=ids['instance'])
    servers.debug('Server create request body:\n{"server": {"name": "vm-\u00e9",\n  "flavorRef": "m1.small"}}',
                  context=boot)
    identical_lines(servers, witness, 'Checking quota for instances', boot)
    try:
        raise QuotaWarning('quota nearly exceeded: 9 of 10 instances')
    except QuotaWarning:
        servers.warning('Quota check raised; continuing', exc_info=True, context=boot)
    requestlog.info('%(REMOTE_ADDR)s "%(REQUEST_METHOD)s %(REQUEST_URI)s" status: %(status)s len: %(len)s '
                    'microversion: %(microversion)s time: %(time)s',
                    {'REMOTE_ADDR': '10.0.0.15', 'REQUEST_METHOD': 'POST', 'REQUEST_URI': '/v2.1/servers',
                     'status': 202, 'len': 1102, 'microversion': '2.95', 'time': 0.310767}, context=boot)
    witness.expect_http(httpMethod='POST', httpPath='/v2.1/servers', httpStatus=202, durationMs=310.767)

    fail = ctx(ids['fail'])
    try:
        try:
            raise ConnectionError('placement unreachable at http://10.0.0.5/placement')
        except ConnectionError as error:
            raise RuntimeError('allocation of resources failed') from error
    except RuntimeError:
        servers.exception('Unexpected exception in API method', context=fail)
    try:
        try:
            {}['m1.tiny']
        except KeyError:
            raise ValueError('flavor m1.tiny not found')
    except ValueError:
        servers.error('Flavor lookup failed', exc_info=True, context=fail)
    requestlog.info('%(REMOTE_ADDR)s "%(REQUEST_METHOD)s %(REQUEST_URI)s" status: %(status)s len: %(len)s '
                    'microversion: %(microversion)s time: %(time)s',
                    {'REMOTE_ADDR': 'fd00:10::15', 'REQUEST_METHOD': 'GET',
                     'REQUEST_URI': '/v2.1/servers/detail?limit=20', 'status': 500, 'len': 228,
                     'microversion': '2.95', 'time': 0.041}, context=fail)
    witness.expect_http(httpMethod='GET', httpPath='/v2.1/servers/detail?limit=20', httpStatus=500, durationMs=41)
    service.critical('Unrecoverable error: database connection lost, stopping nova-api')


def nova_scheduler(log, witness, ctx, ids):
    manager = log.getLogger('nova.scheduler.manager')
    hosts = log.getLogger('nova.scheduler.host_manager')
    request = ctx(ids['request_id'](0x51), ids['boot'])
    manager.info('Starting to schedule for instances: [%s]', ids['instance'], context=request)
    hosts.debug('Filtered [(cmp-1, cmp-1) ram: 15232MB disk: 401408MB io_ops: 0 instances: 2]', context=request)
    hosts.warning('Host cmp-2 has not been heard from in a while', context=request)
    try:
        raise LookupError('no aggregate for host cmp-2')
    except LookupError:
        hosts.debug('Aggregate lookup failed, ignoring', exc_info=True, context=request)
    try:
        raise TimeoutError('Timed out waiting for a reply to message ID 9f1c2d3e')
    except TimeoutError:
        manager.exception('Error from last host: cmp-2', context=request)
        # Same process and logger, usually the same millisecond: a record of its own.
        manager.debug('Running periodic task SchedulerManager._discover_hosts_in_cells')
        manager.info('Selected host cmp-1 for instance %s', ids['instance'], context=request)


def placement_api(log, witness, ctx, ids):
    requestlog = log.getLogger('placement.requestlog')
    handler = log.getLogger('placement.handlers.allocation')
    request = ctx(ids['request_id'](0x9A), ids['boot'])
    handler.debug('Starting allocation candidates request for 1 resource groups', context=request)
    requestlog.info('%(REMOTE_ADDR)s "%(REQUEST_METHOD)s %(REQUEST_URI)s" status: %(status)s len: %(bytes)s '
                    'microversion: %(microversion)s',
                    {'REMOTE_ADDR': '10.0.0.21', 'REQUEST_METHOD': 'GET',
                     'REQUEST_URI': '/placement/allocation_candidates?limit=1000&resources=MEMORY_MB:512,VCPU:1',
                     'status': 200, 'bytes': 1234, 'microversion': '1.36'}, context=request)
    witness.expect_http(httpMethod='GET',
                        httpPath='/placement/allocation_candidates?limit=1000&resources=MEMORY_MB:512,VCPU:1',
                        httpStatus=200, durationMs=None)
    conflict = ctx(ids['request_id'](0x9B), ids['boot'])
    try:
        raise AllocationConflict('consumer generation conflict for 0b1c2d3e: expected 1, got 2')
    except AllocationConflict:
        handler.exception('Unable to allocate inventory', context=conflict)
        handler.info('Retrying allocation for consumer %s', ids['instance'], context=conflict)
    handler.warning('Allocation for consumer %s was retried 1 time', ids['instance'], context=conflict)


def nova_conductor(log, witness, ctx, ids):
    manager = log.getLogger('nova.conductor.manager')
    request = ctx(ids['request_id'](0xC1), ids['boot'])
    remote = ('No valid host was found. There are not enough hosts available.\n'
              'Traceback (most recent call last):\n\n'
              '  File "/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py", line 241, in inner\n'
              '    return func(*args, **kwargs)\n\n'
              '  File "/usr/lib/python3/dist-packages/nova/scheduler/manager.py", line 223, in select_destinations\n'
              '    raise exception.NoValidHost(reason="")\n\n'
              'nova.exception.NoValidHost: No valid host was found. There are not enough hosts available.\n')
    manager.error('Failed to schedule instances: NoValidHost_Remote: %s', remote, context=request)
    # The DEBUG suffix lands on the remote traceback's last line.
    manager.debug('Expected exception during message handling (%s)', remote.rstrip(), context=request)
    manager.warning('Setting instance to ERROR state.', context=request, instance_uuid=ids['instance'])
    manager.info('Build of instance %s rescheduled', ids['instance'], context=request)


def keystone(log, witness, ctx, ids):
    req_logging = log.getLogger('keystone.server.flask.request_processing.req_logging')
    auth = log.getLogger('keystone.auth.core')
    with_token = ctx(ids['request_id'](0xAA), auth_token='gAAAAABn-a-real-looking-fernet-token')
    req_logging.info('POST http://10.0.0.5/identity/v3/auth/tokens', context=with_token)
    witness.expect_http(httpMethod='POST', httpPath='/identity/v3/auth/tokens', httpStatus=None, durationMs=None)
    auth.debug('Authenticated user alice in project demo', context=with_token)
    without = ctx(ids['request_id'](0xAB))
    auth.warning('Authorization failed. The request you have made requires authentication. from 10.0.0.15',
                 context=without)
    auth.info('Identity: user alice (\u00e5se\u00f8) has no role on project d\u00e9mo', context=without)


def nova_compute(log, witness, ctx, ids):
    manager = log.getLogger('nova.compute.manager')
    driver = log.getLogger('nova.virt.libvirt.driver')
    locks = log.getLogger('oslo_concurrency.lockutils')
    request = ctx(ids['request_id'](0xCC), ids['boot'])
    instance = ids['instance']
    manager.info('Attempting claim on node cmp-1: memory 512 MB, disk 1 GB, vcpus 1 CPU', context=request,
                 instance_uuid=instance)
    identical_lines(locks, witness, 'Lock "compute_resources" acquired by "nova.compute.resource_tracker'
                    '.ResourceTracker.instance_claim" :: waited 0.000s', request)
    driver.debug('End _get_guest_xml xml=<domain type="kvm">\n  <name>instance-0000002a</name>\n'
                 f'  <uuid>{instance}</uuid>\n</domain>', context=request, instance_uuid=instance)
    driver.debug('Image properties: %s', '{"hw_disk_bus": "virtio", "os_distro": "' + 'x' * 20000 + '"}',
                 context=request, instance_uuid=instance)
    # libvirt quotes qemu's stderr, whose lines start with their own ISO time, 8 s before the error.
    qemu_time = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=8)
    stamp = qemu_time.strftime('%Y-%m-%dT%H:%M:%S.%fZ')
    try:
        raise libvirtError(
            'internal error: process exited while connecting to monitor: '
            f"{stamp} qemu-system-x86_64: -blockdev {{\"driver\":\"file\",\"filename\":\"/var/lib/nova/instances/"
            f"{instance}/disk\"}}: Could not open '/var/lib/nova/instances/{instance}/disk': Permission denied\n"
            f'{stamp} qemu-system-x86_64: terminating on signal 15 from pid 2471 (/usr/sbin/libvirtd)')
    except libvirtError:
        driver.error('Failed to start libvirt guest', exc_info=True, context=request, instance_uuid=instance)
        manager.exception('Instance failed to spawn', context=request, instance_uuid=instance)
        manager.debug('Running periodic task ComputeManager._poll_rebooting_instances')
        manager.info('Terminating instance', context=request, instance_uuid=instance)
    try:
        raise OSError(28, 'No space left on device')
    except OSError:
        manager.warning('Disk usage check failed', exc_info=True, context=request)
    manager.critical('Compute host cmp-1 is not reporting; instance \u30a4\u30f3\u30b9\u30bf\u30f3\u30b9 lost')


SERVICES = {
    'nova-api': nova_api,
    'nova-scheduler': nova_scheduler,
    'placement-api': placement_api,
    'nova-conductor': nova_conductor,
    'keystone': keystone,
    'nova-compute': nova_compute,
}


def run(service, log, witness, ctx, ids):
    SERVICES[service](log, witness, ctx, ids)
