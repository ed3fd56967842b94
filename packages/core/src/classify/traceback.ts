/**
 * Reading a Python traceback as oslo.log writes it (the record's `traceback` text, prefixes already removed):
 * the exception class that ended it and its frames. Pure. With chained exceptions ("During handling of the
 * above exception…", "The above exception was the direct cause…") the last traceback is the one raised.
 */

export interface TracebackFrame {
  /** The file's path inside its package (`nova/virt/libvirt/driver.py`), whatever the install prefix. */
  file: string;
  function: string;
  /** True when the file belongs to OpenStack code (see `isOpenStackModule`). */
  openstack: boolean;
}

export interface TracebackSummary {
  /** The raised exception's class as written (`libvirt.libvirtError`, `oslo_messaging.exceptions.MessagingTimeout`). */
  exception: string | null;
  /** Frames outermost first, as Python prints them. */
  frames: TracebackFrame[];
}

const FRAME = /^\s*File "([^"]+)", line \d+, in (\S+)/;
// `package.module.Class: message` or a bare `Class` (Python 2 prints no module for builtins).
const EXCEPTION = /^([A-Za-z_][\w.]*)(?::(?:\s|$)|$)/;

/**
 * Top-level Python packages that are OpenStack code: the services, their libraries (oslo.*, os-*, *-lib,
 * clients, middleware). A frame in any other package (eventlet, libvirt, sqlalchemy, the standard library)
 * says where the error surfaced, not where OpenStack met it.
 */
const OPENSTACK_MODULE =
  /^(?:nova|neutron|cinder|glance|keystone|placement|heat|swift|ironic|octavia|manila|designate|barbican|horizon|magnum|trove|zaqar|aodh|ceilometer|gnocchi|masakari|watcher|blazar|cyborg|zun|senlin|mistral|oslo_\w+|os_\w+|neutron_lib|\w+client|keystonemiddleware|keystoneauth1|castellan|taskflow|tooz|glance_store|ovsdbapp|networking_\w+)$/;

/**
 * The package-relative path of a file, so one code location reads the same under every install prefix and
 * Python version: after the last `site-packages/` or `dist-packages/`; in a source checkout
 * (`/opt/stack/nova/nova/compute/manager.py`) from the OpenStack package on; otherwise the last two parts.
 */
export function packagePath(file: string): string {
  const normalised = file.replace(/\\/g, '/');
  const installed = /.*\/(?:site|dist)-packages\/(.+)$/.exec(normalised);
  if (installed) return installed[1] as string;
  const parts = normalised.split('/');
  for (let i = 0; i < parts.length - 1; i += 1) {
    if (isOpenStackModule(parts[i] as string) && parts[i + 1] !== parts[i]) return parts.slice(i).join('/');
  }
  return parts.slice(-2).join('/');
}

export function isOpenStackModule(name: string): boolean {
  return OPENSTACK_MODULE.test(name);
}

/** The exception and frames of the last traceback in `text`, or null when it holds no traceback. */
export function readTraceback(text: string): TracebackSummary | null {
  const lines = text.split('\n');
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (/^\s*Traceback \(most recent call last\):/.test(lines[i] as string)) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  const frames: TracebackFrame[] = [];
  let exception: string | null = null;
  for (let i = start + 1; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const frame = FRAME.exec(line);
    if (frame) {
      const file = packagePath(frame[1] as string);
      frames.push({ file, function: frame[2] as string, openstack: isOpenStackModule(file.split('/')[0] ?? '') });
      continue;
    }
    // The first unindented line after the frames names the exception; later lines are its message.
    if (frames.length > 0 && !/^\s/.test(line) && line.trim() !== '') {
      exception = EXCEPTION.exec(line.trim())?.[1] ?? null;
      break;
    }
  }
  return { exception, frames };
}

/** The innermost frame of OpenStack code, or the innermost frame when none is. */
export function innermostOpenStackFrame(frames: readonly TracebackFrame[]): TracebackFrame | null {
  for (let i = frames.length - 1; i >= 0; i -= 1)
    if ((frames[i] as TracebackFrame).openstack) return frames[i] as TracebackFrame;
  return frames[frames.length - 1] ?? null;
}
