// markov-strings 3.0.4 on the 57,340 Brown messages, state size 2: training time and generation time.
// Usage: node bench/markov-compare.js <brown-messages.jsonl> <out.json>   (markov-strings resolved via NODE_PATH)
const fs = require('fs');
const Markov = require('markov-strings').default;

const [, , input, output] = process.argv;
const messages = fs.readFileSync(input, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).content);
const generations = Number(process.env.GENERATIONS || 30);

let t0 = process.hrtime.bigint();
const markov = new Markov({ stateSize: 2 });
markov.addData(messages);
const trainMs = Number(process.hrtime.bigint() - t0) / 1e6;

const times = [];
let failures = 0;
for (let i = 0; i < generations; i++) {
  t0 = process.hrtime.bigint();
  try {
    markov.generate({ maxTries: 10 });
  } catch (e) {
    failures++;
  }
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const mean = times.reduce((a, b) => a + b, 0) / times.length;
const result = {
  node: process.version,
  messages: messages.length,
  trainMs,
  generations,
  generateMeanMs: mean,
  generateP50Ms: times[Math.floor(times.length / 2)],
  generateP99Ms: times[Math.ceil(times.length * 0.99) - 1],
  note: `${generations} generations with maxTries 10 and no filter, ${failures} without a result`,
};
fs.writeFileSync(output, JSON.stringify(result, null, 2));
console.log(JSON.stringify(result));
