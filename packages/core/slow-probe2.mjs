import { MongoClient } from 'mongodb';
import { readFileSync } from 'node:fs';
const pid = Number(readFileSync('/tmp/hostile-ferret.pid', 'utf8'));
const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const c = await MongoClient.connect('mongodb://127.0.0.1:27199/');
const col = c.db('slow').collection('logs');
const sample = async (label, ms) => { const a = cpu(); await new Promise(r => setTimeout(r, ms)); console.log(label, 'ferretdb cpu ms over', ms, ':', cpu() - a); };
await sample('idle', 1000);
for (const maxTimeMS of [undefined, 1500]) {
  const ac = new AbortController();
  const p = col.find({ message: { $regex: 'zzznotthere', $options: 'i' } }, { signal: ac.signal, ...(maxTimeMS ? { maxTimeMS } : {}) }).limit(101).toArray().catch(e => e);
  setTimeout(() => ac.abort(new Error('client gone')), 300);
  await p;
  console.log('maxTimeMS', maxTimeMS);
  await sample(' after abort 0-1s', 1000);
  await sample(' after abort 1-2s', 1000);
  await sample(' after abort 2-4s', 2000);
  await sample(' after abort 4-6s', 2000);
}
await c.close();
