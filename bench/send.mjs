// npm run bench:send — runs the send benchmark for 10,000 and 100,000 recipients (or BENCH_N),
// each in a fresh process so peak RSS is per run, and prints a summary.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import process from 'node:process';

const sizes = process.env.BENCH_N ? [Number(process.env.BENCH_N)] : [10_000, 100_000];
const results = sizes.map((n) => {
  const out = execFileSync(process.execPath, ['bench/send-benchmark.mjs'], { env: { ...process.env, BENCH_N: String(n) }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const result = JSON.parse(out.trim().split('\n').at(-1));
  const rate = (r) => `${r.rate.toFixed(0)} msg/s (before ${r.rates[0].toFixed(0)}, after ${r.rates[1].toFixed(0)}; ${r.cpuMsPerMessage.toFixed(2)} ms CPU/msg)`;
  process.stdout.write(
    `N=${n} (${result.database}, ${result.connections} connections): Postbote ${result.postboteRate.toFixed(0)} msg/s end to end (${result.postboteSeconds.toFixed(1)} s; ${result.cpuMsPerMessage.toFixed(2)} ms CPU/msg), peak RSS ${result.peakRssMb.toFixed(0)} MB` +
      (result.serverPssMb ? ` + embedded postgres ${result.serverPssMb.toFixed(0)} MB PSS after the send` : '') +
      '\n' +
      `  plain nodemailer (rendered HTML and text): ${rate(result.plain)} -> ratio ${result.ratio.toFixed(2)}\n` +
      `  nodemailer transport alone (Postbote's pre-encoded message): ${rate(result.encoded)} -> ratio ${result.ratioToEncoded.toFixed(2)}\n`,
  );
  return result;
});
if (results.length === 2) process.stdout.write(`RSS 100k / 10k: ${(results[1].peakRssMb / results[0].peakRssMb).toFixed(2)}\n`);
process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}\n`);
