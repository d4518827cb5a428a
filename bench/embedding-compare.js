// fastembed-js 1.14.4 (at its settings: batch 256, every text padded to 512 tokens) and transformers.js
// (@huggingface/transformers, CLS pooling, the best of batches of 32, 8 and 1) on the same texts Corvid embeds, from the same fp32 ONNX
// file and tokenizer.json, loaded from local folders (no download). Picks the texts and writes them for the JVM side.
// Usage: node bench/embedding-compare.js texts|fastembed|transformers <brown-messages.jsonl> <models-dir> <out.json>
// (NODE_PATH has the packages). Each library runs in its own process: they bring different onnxruntime-node builds,
// and one process can load only one libonnxruntime. The fastembed run picks the texts; the transformers run adds to
// its file.
const fs = require('fs');
const path = require('path');

const [, , mode, brownFile, modelsDir, output] = process.argv;
const brown = fs.readFileSync(brownFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).content);

// Short texts: sentences of 80-130 characters (about 20 tokens). Chunks: consecutive sentences joined to
// 1,100-1,300 characters (about 256 tokens).
const shortTexts = brown.filter((s) => s.length >= 80 && s.length <= 130).slice(0, Number(process.env.SHORT || 1024));
const chunks = [];
let chunk = '';
for (const s of brown) {
  chunk = chunk ? `${chunk} ${s}` : s;
  if (chunk.length > 1300) chunk = '';
  else if (chunk.length >= 1100) { chunks.push(chunk); chunk = ''; }
  if (chunks.length === Number(process.env.CHUNKS || 256)) break;
}

async function time(fn, texts) {
  await fn(texts.slice(0, 64)); // warm-up
  const start = process.hrtime.bigint();
  await fn(texts);
  return texts.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

(async () => {
  if (mode === 'texts') { // the texts alone, for runs without fastembed
    fs.writeFileSync(output, JSON.stringify({ node: process.version, texts: { short: shortTexts, chunks } }));
    return;
  }
  if (mode === 'fastembed') {
    const result = { node: process.version, texts: { short: shortTexts, chunks } };
    const { FlagEmbedding, EmbeddingModel } = require('fastembed');
    const fast = await FlagEmbedding.init({ model: EmbeddingModel.BGESmallENV15, cacheDir: modelsDir,
      showDownloadProgress: false });
    const fastembed = async (texts) => { for await (const batch of fast.embed(texts)) { void batch; } };
    result.fastembed = { short: await time(fastembed, shortTexts), chunks: await time(fastembed, chunks) };
    fs.writeFileSync(output, JSON.stringify(result));
    console.log(JSON.stringify({ fastembed: result.fastembed }));
    return;
  }
  const result = JSON.parse(fs.readFileSync(output, 'utf8'));
  // The CommonJS build: NODE_PATH does not apply to import().
  const { pipeline, env } = require('@huggingface/transformers');
  env.localModelPath = modelsDir;
  env.allowRemoteModels = false;
  const extractor = await pipeline('feature-extraction', 'bge-small-en-v1.5', { dtype: 'fp32' });
  // Batches of 32 (what Corvid's clients send), and of 8 and 1: smaller batches stay in cache and run faster per
  // text on CPU, so transformers.js is measured at its best of the three.
  const runs = {};
  for (const size of [32, 8, 1]) {
    const transformers = async (texts) => {
      for (let i = 0; i < texts.length; i += size) {
        await extractor(texts.slice(i, i + size), { pooling: 'cls', normalize: true });
      }
    };
    runs[size] = { short: await time(transformers, result.texts.short), chunks: await time(transformers, result.texts.chunks) };
  }
  const best = (kind) => Object.entries(runs).reduce((a, b) => (b[1][kind] > a[1][kind] ? b : a));
  result.transformers = { version: process.env.TRANSFORMERS_VERSION, runs,
    short: best('short')[1].short, shortBatch: Number(best('short')[0]),
    chunks: best('chunks')[1].chunks, chunksBatch: Number(best('chunks')[0]) };
  fs.writeFileSync(output, JSON.stringify(result));
  console.log(JSON.stringify({ transformers: result.transformers }));
})().catch((e) => { console.error(e); process.exit(1); });
