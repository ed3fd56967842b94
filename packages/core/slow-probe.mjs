import { MongoClient } from 'mongodb';
const c = await MongoClient.connect('mongodb://127.0.0.1:27199/');
const db = c.db('slow');
const col = db.collection('logs');
const n = await col.estimatedDocumentCount().catch(() => 0);
if (n < 100000) {
  const t0 = Date.now();
  for (let b = 0; b < 100; b++) {
    const docs = [];
    for (let i = 0; i < 1000; i++) docs.push({ ts: new Date(Date.now() - i * 1000), level: 20, message: `Took ${i} seconds to spawn instance ${b}-${i} on the hypervisor with a fairly long message body that goes on` });
    await col.insertMany(docs);
  }
  console.log('inserted in', Date.now() - t0);
}
const time = async (name, fn) => { const t = Date.now(); try { const r = await fn(); console.log(name, 'ok', Date.now() - t, 'ms', JSON.stringify(r).slice(0, 80)); } catch (e) { console.log(name, 'ERR', Date.now() - t, 'ms', e.constructor.name, e.code, e.message.slice(0, 150)); } };
await time('find regex', () => col.find({ message: { $regex: 'zzznotthere', $options: 'i' } }).limit(101).toArray());
await time('find regex maxTime 300', () => col.find({ message: { $regex: 'zzznotthere', $options: 'i' } }, { maxTimeMS: 300 }).limit(101).toArray());
await time('count regex', () => col.countDocuments({ message: { $regex: 'zzznotthere', $options: 'i' } }, { limit: 10001 }));
await time('count regex maxTime 300', () => col.countDocuments({ message: { $regex: 'zzznotthere', $options: 'i' } }, { limit: 10001, maxTimeMS: 300 }));
await time('distinct maxTime 300', () => col.distinct('level', { message: { $regex: 'zzznotthere', $options: 'i' } }, { maxTimeMS: 300 }));
await time('agg maxTime 300', () => col.aggregate([{ $match: { message: { $regex: 'zzznotthere', $options: 'i' } } }, { $group: { _id: '$level', n: { $sum: 1 } } }], { maxTimeMS: 300 }).toArray());
// abort: does the server keep working?
const ac = new AbortController();
const t = Date.now();
const p = col.find({ message: { $regex: 'zzznotthere', $options: 'i' } }, { signal: ac.signal }).limit(101).toArray().catch(e => e);
setTimeout(() => ac.abort(new Error('client gone')), 200);
const r = await p; console.log('aborted after', Date.now() - t, r.message);
// right after abort, a quick query: how long?
await time('quick after abort', () => col.find({}).limit(1).toArray());
await c.close();
