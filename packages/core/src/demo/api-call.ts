/** One user call as nova-api and the services it calls log it (see scenarios.ts for how ids travel). */
import { CONTROLLERS, COMPUTES, type DemoTenant } from './topology';
import type { DemoRandom } from './random';
import { context, type DemoTimeline } from './timeline';

export interface Operation {
  random: DemoRandom;
  timeline: DemoTimeline;
  tenant: DemoTenant;
  /** Start time, ms. */
  at: number;
  fail: boolean;
  /** The instance the call is about, when it is one with a history (default: a new uuid). */
  instance?: string;
}

/** nova-api's side of a user call: the request line at the end, its id returned for the rest. */
export class ApiCall {
  readonly requestId: string;
  readonly controller: string;
  t: number;

  constructor(readonly op: Operation) {
    this.requestId = op.random.requestId();
    this.controller = op.random.pick(CONTROLLERS);
    this.t = op.at;
  }

  /** Advances this call's clock by a random step (ms). */
  step(min: number, max: number): number {
    this.t += this.op.random.float(min, max);
    return this.t;
  }

  ctx() {
    return context(this.requestId, null, this.op.tenant.userId, this.op.tenant.projectId);
  }

  /** A linked call to another API service: its own request id with nova's as the global id. */
  linked(
    service: 'neutron-server' | 'cinder-api' | 'keystone',
    method: string,
    path: string,
    status: number,
    host = this.controller,
    requestId = this.op.random.requestId(),
  ): string {
    const { random, timeline, tenant } = this.op;
    const caller = random.pick([...COMPUTES, ...CONTROLLERS]);
    const ctx = context(requestId, this.requestId, tenant.userId, tenant.projectId);
    const start = this.step(5, 40);
    const seconds = random.float(0.01, 0.6).toFixed(7);
    const address = this.op.timeline.topology.address(caller);
    if (service === 'neutron-server') {
      timeline.emit(host, service, {
        at: start + Number(seconds) * 1000,
        level: 'INFO',
        logger: 'neutron.wsgi',
        context: ctx,
        message: `${address} "${method} ${path} HTTP/1.1" status: ${status}  len: ${random.int(200, 4000)} time: ${seconds}`,
      });
    } else if (service === 'cinder-api') {
      const url = `http://${host}/volume${path}`;
      timeline.emit(host, service, {
        at: start,
        level: 'INFO',
        logger: 'cinder.api.openstack.wsgi',
        context: ctx,
        message: `${method} ${url}`,
      });
      timeline.emit(host, service, {
        at: start + Number(seconds) * 1000,
        level: status >= 500 ? 'ERROR' : 'INFO',
        logger: 'cinder.api.openstack.wsgi',
        context: ctx,
        message: `${url} returned with HTTP ${status}`,
      });
    } else {
      timeline.emit(host, service, {
        at: start,
        level: 'INFO',
        logger: 'keystone.server.flask.request_processing.req_logging',
        context: ctx,
        message: `${method} http://${host}/identity${path}`,
      });
    }
    this.t = start + Number(seconds) * 1000;
    return requestId;
  }

  /** A line another API service writes while serving one of this call's linked requests. */
  logAs(
    host: string,
    service: string,
    requestId: string,
    level: 'DEBUG' | 'INFO' | 'ERROR',
    logger: string,
    message: string,
    debugSource?: string,
  ): void {
    const ctx = context(requestId, this.requestId, this.op.tenant.userId, this.op.tenant.projectId);
    this.op.timeline.emit(host, service, {
      at: this.step(1, 20),
      level,
      logger,
      context: ctx,
      message,
      ...(debugSource ? { debugSource } : {}),
    });
  }

  debug(host: string, service: string, logger: string, message: string, source: string, instance?: string): void {
    this.op.timeline.emit(host, service, {
      at: this.step(2, 30),
      level: 'DEBUG',
      logger,
      context: this.ctx(),
      message,
      debugSource: source,
      ...(instance ? { instance } : {}),
    });
  }

  log(
    host: string,
    service: string,
    level: 'INFO' | 'WARNING' | 'ERROR',
    logger: string,
    message: string,
    instance?: string,
    traceback?: string[],
  ): void {
    this.op.timeline.emit(host, service, {
      at: this.step(2, 40),
      level,
      logger,
      context: this.ctx(),
      message,
      ...(instance ? { instance } : {}),
      ...(traceback ? { traceback } : {}),
    });
  }

  /** The API request line that closes the user's call. */
  finish(method: string, path: string, status: number, microversion = '2.90'): void {
    const seconds = ((this.t - this.op.at) / 1000 + this.op.random.float(0.005, 0.05)).toFixed(7);
    this.op.timeline.emit(this.controller, 'nova-api', {
      at: this.step(1, 5),
      level: 'INFO',
      logger: 'nova.api.openstack.requestlog',
      context: this.ctx(),
      message: `${this.op.tenant.clientAddress} "${method} /compute${path}" status: ${status} len: ${this.op.random.int(0, 2200)} microversion: ${microversion} time: ${seconds}`,
    });
  }
}

export function tokenCheck(call: ApiCall): void {
  call.linked('keystone', 'GET', '/v3/auth/tokens', 200);
}
