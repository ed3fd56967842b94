import { serviceFromFileName, normaliseServiceName } from './service-name';

describe('serviceFromFileName', () => {
  it.each([
    ['nova-api.log', 'nova-api'],
    ['nova-api.log.1', 'nova-api'],
    ['nova-api.log.2.gz', 'nova-api'],
    ['nova-compute.log.2017-05-16_13:55:31', 'nova-compute'],
    ['/var/log/nova/nova-scheduler.log', 'nova-scheduler'],
    ['/var/log/nova/nova-conductor.log-20261124', 'nova-conductor'],
    ['/var/log/neutron/neutron-server.log', 'neutron-server'],
    ['/var/log/neutron/server.log', 'neutron-server'],
    ['/var/log/cinder/volume.log.3.gz', 'cinder-volume'],
    ['C:\\logs\\keystone\\keystone.log', 'keystone'],
    ['/opt/stack/logs/screen-n-cpu.txt.gz', 'nova-compute'],
    ['/opt/stack/logs/q-svc.log', 'neutron-server'],
    ['/var/log/kolla/nova/nova-novncproxy.log', 'nova-novncproxy'],
  ])('%s → %s', (path, service) => {
    expect(serviceFromFileName(path)).toBe(service);
  });

  it.each(['/var/log/messages', '/var/log/syslog', 'journal.txt', '', '/var/log/nova/', '.log'])(
    '%p → null',
    (path) => {
      expect(serviceFromFileName(path)).toBeNull();
    },
  );
});

describe('normaliseServiceName', () => {
  it.each([
    ['devstack@n-cpu.service', 'nova-compute'],
    ['devstack@keystone.service', 'keystone'],
    ['devstack@placement-api.service', 'placement-api'],
    ['nova-compute', 'nova-compute'],
    ['nova-compute.service', 'nova-compute'],
    ['wsgi-placement-api', 'placement-api'],
    ['wsgi-keystone', 'keystone'],
    ['nova_compute', 'nova-compute'],
    ['neutron_l3_agent', 'neutron-l3-agent'],
    ['sudo', 'sudo'],
    ['systemd_networkd', 'systemd_networkd'],
    ['wsgi-', 'wsgi-'],
  ])('%s → %s', (unit, service) => {
    expect(normaliseServiceName(unit)).toBe(service);
  });
});
