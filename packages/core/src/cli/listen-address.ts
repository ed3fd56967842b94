/** How `logcas serve` names the addresses it listens on, and whether they reach beyond this host. */
import { isIP } from 'node:net';

/** `0.0.0.0:8080 (all IPv4 interfaces)`, `[::1]:24224`, `10.0.0.5:8080`: the address as bound. */
export function describeListenAddress(address: string, port: number): string {
  const hostPort = isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
  if (address === '0.0.0.0') return `${hostPort} (all IPv4 interfaces)`;
  if (address === '::') return `${hostPort} (all interfaces)`;
  return hostPort;
}

/** True only for addresses no other host can connect to (127.0.0.0/8, ::1, localhost). */
export function isLoopback(address: string): boolean {
  return (
    address === 'localhost' ||
    address === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(address) ||
    address === '::ffff:127.0.0.1'
  );
}
