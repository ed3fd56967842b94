"""Real oslo.log output for LogCAS's real-producer test.

Runs one process per (host, service) of a scripted cloud. Each process configures logging exactly as an
OpenStack service does -- ``log.register_options(CONF)``, a config file with ``debug = True`` and
``log_file``, ``log.setup(CONF, project)``, default format strings -- and adds, beside oslo's text file
handler, the other ways deployments collect the same records:

  json/<host>/<service>.log          oslo's JSONFormatter (``use_json = true``), also sent as HTTP NDJSON
  fluent (forward listener)          fluent-logger's FluentHandler with oslo's FluentFormatter
  http-fluent/<host>/<service>.log   FluentFormatter records as NDJSON (their time has no zone)
  journal-entry/<host>/journal.log   ``journalctl -o short`` of oslo's journal handler: one entry per record
  journal-lines/<host>/journal.log   ``journalctl -o short`` of a service's stdout: one entry per line
  cri/<host>/<service>.log           a CRI container log (``stdout F``, ``P`` for lines over 16 KiB)
  kubectl/<host>/<service>.log       ``kubectl logs --timestamps``
  pebble/<host>/pebble.log           ``pebble logs``; Apache-hosted services add mod_wsgi's error-log time

and a witness handler that writes what was emitted (``emitted.jsonl``): for every record, the values LogCAS
must store, derived from the LogRecord itself. The wrappers are written by this program because the real
wrappers (journald, a container runtime, pebble) are not available in a test; their formats are theirs.

Usage: python emit.py --out DIR --forward-port PORT
"""

import argparse
import datetime
import json
import logging
import os
import subprocess
import sys
import time
import traceback

HOSTS = {
    # host: (time zone, services)
    'ctl-1': ('Europe/Berlin', ['nova-api', 'nova-scheduler', 'nova-conductor', 'placement-api', 'keystone']),
    'cmp-1': ('Asia/Kolkata', ['nova-compute']),
}
# Services that run under Apache with mod_wsgi, as Sunbeam's pebble names them.
WSGI = {'placement-api': 'wsgi-placement-api', 'keystone': 'wsgi-keystone'}
PROJECT = {'nova-api': 'nova', 'nova-scheduler': 'nova', 'nova-conductor': 'nova', 'nova-compute': 'nova',
           'placement-api': 'placement', 'keystone': 'keystone'}

# One user's requests; every service's request ids chain to the API's global request id.
USER = '7c3f9a2e1d4b4c5e8f9a0b1c2d3e4f50'
PROJECT_ID = '1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6'
BOOT = 'req-6f1c3b2e-8d4a-4f5b-9c6d-7e8f9a0b1c2d'
FAIL = 'req-0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a'
INSTANCE = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'
CRI_MAX = 16384


def request_id(n):
    return f'req-{n:08x}-1111-4222-8333-444455556666'


# ---------------------------------------------------------------------------------------------------------
# Handlers: the wrappers deployments put around oslo's text lines, and the witness.

class WrappedText(logging.Handler):
    """Writes oslo's text (the ContextFormatter's output, traceback included) inside a wrapper."""

    def __init__(self, path, formatter, wrap):
        super().__init__()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.stream = open(path, 'a', encoding='utf-8')
        self.text_formatter = formatter
        self.wrap = wrap

    def emit(self, record):
        text = self.text_formatter.format(record)
        self.stream.write(self.wrap(record, text.split('\n')))
        self.stream.flush()


class JsonLines(logging.Handler):
    """Writes what a formatter returns as one JSON line (FluentFormatter returns a dict)."""

    def __init__(self, path, formatter):
        super().__init__()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.stream = open(path, 'a', encoding='utf-8')
        self.json_formatter = formatter

    def emit(self, record):
        value = self.json_formatter.format(record)
        line = value if isinstance(value, str) else json.dumps(value, default=repr, ensure_ascii=False)
        self.stream.write(line + '\n')
        self.stream.flush()


def utc_iso(created, digits):
    moment = datetime.datetime.fromtimestamp(created, datetime.timezone.utc)
    fraction = f'{moment.microsecond:06d}000'[:digits]
    return moment.strftime('%Y-%m-%dT%H:%M:%S') + '.' + fraction + 'Z'


def journal_time(created):
    return time.strftime('%b %d %H:%M:%S', time.localtime(created))


def journal_entry(host, identifier):
    """journalctl -o short of one journal entry: further lines indented to the message's column."""
    def wrap(record, lines):
        head = f'{journal_time(record.created)} {host} {identifier}[{record.process}]: '
        return head + ('\n' + ' ' * len(head)).join(lines) + '\n'
    return wrap


def journal_lines(host, identifier):
    """journalctl -o short of a service's stdout: every line its own entry."""
    def wrap(record, lines):
        head = f'{journal_time(record.created)} {host} {identifier}[{record.process}]: '
        return ''.join(head + line + '\n' for line in lines)
    return wrap


def cri(record, lines):
    out = []
    for line in lines:
        stamp = utc_iso(record.created, 9)
        while len(line.encode('utf-8')) > CRI_MAX:
            out.append(f'{stamp} stdout P {line[:CRI_MAX]}\n')
            line = line[CRI_MAX:]
        out.append(f'{stamp} stdout F {line}\n')
    return ''.join(out)


def kubectl(record, lines):
    stamp = utc_iso(record.created, 9)
    return ''.join(f'{stamp} {line}\n' for line in lines)


def pebble(service):
    name = WSGI.get(service, service)

    def wrap(record, lines):
        stamp = utc_iso(record.created, 3)
        # mod_wsgi's lines reach pebble through Apache's error log (ErrorLogFormat "%{cu}t %M").
        apache = ''
        if service in WSGI:
            local = datetime.datetime.fromtimestamp(record.created)
            apache = local.strftime('%Y-%m-%d %H:%M:%S.%f') + ' '
        return ''.join(f'{stamp} [{name}] {apache}{line}\n' for line in lines)
    return wrap


class Witness(logging.Handler):
    """Writes, for every record, what LogCAS must store for it (derived from the LogRecord, not the text)."""

    def __init__(self, path, host, service):
        super().__init__()
        self.path = path
        self.host = host
        self.service = service
        self.records = []

    def emit(self, record):
        from oslo_context import context as oslo_context
        from oslo_log import formatters
        # The context the formatters use: the one passed to the call, else the thread's current one.
        context = formatters._dictify_context(record.__dict__.get('context', oslo_context.get_current()) or {})
        summary = formatters._get_error_summary(record)
        full = record.getMessage() + (': ' + summary if summary else '')
        lines = full.split('\n')
        rest = lines[1:]
        start = next((i for i, line in enumerate(rest) if line.lstrip().startswith('Traceback (most recent call last)')),
                     len(rest))
        continuation = rest[:start]
        tb = rest[start:]
        if record.exc_info:
            tb += ''.join(traceback.format_exception(*record.exc_info)).split('\n')
        tb = [line.rstrip() for line in tb if line.strip()]
        self.records.append({
            'host': self.host,
            'service': self.service,
            'pid': record.process,
            'ts': int(record.created) * 1000 + int(record.msecs),
            'created': record.created,
            'levelName': record.levelname,
            'logger': record.name,
            'requestId': context.get('request_id'),
            'globalRequestId': context.get('global_request_id'),
            'userId': context.get('user'),
            'projectId': context.get('project_id'),
            'userName': context.get('user_name'),
            'projectName': context.get('project_name'),
            'instance': getattr(record, 'instance_uuid', None),
            'authToken': context.get('auth_token'),
            'message': lines[0],
            'continuation': '\n'.join(continuation) if continuation else None,
            'traceback': '\n'.join(tb) if tb else None,
            'http': None,
        })

    def expect_http(self, **fields):
        """The HTTP fields the last record's request line must give (the scenario knows what it logged)."""
        self.records[-1]['http'] = fields

    def close(self):
        with open(self.path, 'a', encoding='utf-8') as stream:
            for record in self.records:
                stream.write(json.dumps(record, ensure_ascii=False) + '\n')
        self.records = []
        super().close()


# ---------------------------------------------------------------------------------------------------------
# One service process.

def configure(out, host, service, forward_port):
    from oslo_config import cfg
    from oslo_log import formatters
    from oslo_log import log
    from fluent import handler as fluent_handler

    project = PROJECT[service]
    conf_file = os.path.join(out, 'conf', host, f'{service}.conf')
    text_file = os.path.join(out, 'text', host, f'{service}.log')
    os.makedirs(os.path.dirname(conf_file), exist_ok=True)
    os.makedirs(os.path.dirname(text_file), exist_ok=True)
    with open(conf_file, 'w') as f:
        f.write(f'[DEFAULT]\ndebug = True\nlog_file = {text_file}\n')

    conf = cfg.ConfigOpts()
    log.register_options(conf)
    conf(args=[], project=project, default_config_files=[conf_file])
    log.setup(conf, project)

    root = logging.getLogger()
    text_formatter = root.handlers[0].formatter
    # The same formatter classes with the same arguments as log.setup uses (use_json) and oslo's
    # logging.conf example for the Fluent handler; the host name is the simulated host's.
    json_formatter = formatters.JSONFormatter(datefmt=conf.log_date_format)
    json_formatter.hostname = host
    fluent_formatter = formatters.FluentFormatter()
    fluent_formatter.hostname = host

    def add(handler, formatter=None):
        if formatter is not None:
            handler.setFormatter(formatter)
        root.addHandler(handler)

    add(JsonLines(os.path.join(out, 'json', host, f'{service}.log'), json_formatter))
    add(JsonLines(os.path.join(out, 'http-fluent', host, f'{service}.log'), fluent_formatter))
    sender = fluent_handler.FluentHandler(f'openstack.{WSGI.get(service, service)}', host='127.0.0.1',
                                          port=forward_port)
    add(sender, fluent_formatter)
    add(WrappedText(os.path.join(out, 'journal-entry', host, 'journal.log'), text_formatter,
                    journal_entry(host, service)))
    add(WrappedText(os.path.join(out, 'journal-lines', host, 'journal.log'), text_formatter,
                    journal_lines(host, service)))
    add(WrappedText(os.path.join(out, 'cri', host, f'{service}.log'), text_formatter, cri))
    add(WrappedText(os.path.join(out, 'kubectl', host, f'{service}.log'), text_formatter, kubectl))
    add(WrappedText(os.path.join(out, 'pebble', host, 'pebble.log'), text_formatter, pebble(service)))
    witness = Witness(os.path.join(out, 'emitted.jsonl'), host, service)
    root.addHandler(witness)
    return log, witness, sender


def run_service(out, host, service, forward_port):
    from oslo_context import context as oslo_context
    import scenario

    log, witness, sender = configure(out, host, service, forward_port)

    def ctx(request, global_request=None, auth_token=None):
        # The scenario passes the context to each call, as services do through their RPC layers; the thread
        # keeps none, so calls without one (periodic tasks, start-up) are logged with `[-]`.
        context = oslo_context.RequestContext(
            user_id=USER, project_id=PROJECT_ID, user_domain_id='default', project_domain_id='default',
            request_id=request, global_request_id=global_request, auth_token=auth_token, user_name='alice',
            project_name='demo', overwrite=False)
        vars(oslo_context._request_store).pop('context', None)
        return context

    scenario.run(service, log, witness, ctx, {
        'boot': BOOT, 'fail': FAIL, 'instance': INSTANCE, 'request_id': request_id,
        'wsgi': service in WSGI, 'host': host,
    })
    sender.close()
    logging.shutdown()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('--forward-port', type=int, required=True)
    parser.add_argument('--host')
    parser.add_argument('--service')
    args = parser.parse_args()
    if args.service:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        run_service(args.out, args.host, args.service, args.forward_port)
        return
    os.makedirs(args.out, exist_ok=True)
    for host, (zone, services) in HOSTS.items():
        for service in services:
            env = dict(os.environ, TZ=zone)
            subprocess.run([sys.executable, os.path.abspath(__file__), '--out', args.out, '--forward-port',
                            str(args.forward_port), '--host', host, '--service', service], env=env, check=True)
    with open(os.path.join(args.out, 'hosts.json'), 'w') as f:
        json.dump({host: zone for host, (zone, _) in HOSTS.items()}, f)


if __name__ == '__main__':
    main()
