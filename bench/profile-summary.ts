// `tsx bench/profile-summary.ts FILE.cpuprofile [N]`: the functions with the most self time and
// the most inclusive time in a V8 CPU profile (from `node --cpu-prof`, or `npm run bench --
// --profile DIR`), to see what limits a figure without opening DevTools.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [N]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);

const self = new Map<number, number>();
profile.samples.forEach((id, index) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

const label = (node: ProfileNode) => {
  const url = node.callFrame.url.replace(/^.*\/(node_modules\/|app\/|bench\/)/, '$1');
  return `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
};

const selfByLabel = new Map<string, number>();
const inclusiveByLabel = new Map<string, number>();
for (const [id, time] of self) {
  const node = byId.get(id);
  if (!node) continue;
  selfByLabel.set(label(node), (selfByLabel.get(label(node)) ?? 0) + time);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const ancestor = byId.get(at);
    if (!ancestor) break;
    const name = label(ancestor);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusiveByLabel.set(name, (inclusiveByLabel.get(name) ?? 0) + time);
  }
}

const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)\n`);
  for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((100 * time) / total).toFixed(1).padStart(6)}%  ${name}\n`);
  }
};
print('self time', selfByLabel);
print('inclusive time', inclusiveByLabel);
