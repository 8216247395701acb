import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';

/** Runs `qunce <command>` in-process with `input` on stdin. */
const qunceWithStdin = (args: string[], input: string) => runCli(args, { stdin: input });

const aircraft = {
  method: 'topsis',
  matrix: [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
  ],
  types: [1, 1, 1, -1, 1, 1],
  weights: [0.2, 0.1, 0.1, 0.1, 0.2, 0.3],
};

describe('qunce mcda', () => {
  it('Hwang & Yoon aircraft TOPSIS: closeness 0.643, 0.268, 0.613, 0.312, ranks 1, 4, 2, 3, exactly the contract keys', async () => {
    const { code, stdout, stderr } = await qunceWithStdin(['mcda'], JSON.stringify(aircraft));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['method', 'variant', 'weights', 'preference', 'ranks']);
    expect(out.method).toBe('topsis');
    expect(out.variant).toBe('topsis/vector-normalisation/euclidean');
    const preference = out.preference as number[];
    [0.643, 0.268, 0.613, 0.312].forEach((c, i) => {
      expect(Math.abs((preference[i] as number) - c)).toBeLessThan(0.001);
    });
    expect(out.ranks).toEqual([1, 4, 2, 3]);
  });

  it('VIKOR (Papathanasiou & Ploskas 2018, v = 0.625) adds S, R, Q and the compromise set [4] (0-based)', async () => {
    const request = {
      method: 'vikor',
      matrix: [
        [8, 7, 2, 1],
        [5, 3, 7, 5],
        [7, 5, 6, 4],
        [9, 9, 7, 3],
        [11, 10, 3, 7],
        [6, 9, 5, 4],
      ],
      types: [1, 1, 1, 1],
      weights: [0.4, 0.3, 0.1, 0.2],
      options: { v: 0.625 },
    };
    const { code, stdout } = await qunceWithStdin(['mcda'], JSON.stringify(request));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      Q: number[];
      S: number[];
      R: number[];
      compromise: number[];
      ranks: number[];
    };
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: a published Q value, not ln 2
    expect(out.Q.map((q) => Number(q.toFixed(3)))).toEqual([0.64, 1, 0.693, 0.271, 0, 0.694]);
    expect(out.S).toHaveLength(6);
    expect(out.R).toHaveLength(6);
    expect(out.compromise).toEqual([4]);
    expect(out.ranks).toEqual([3, 6, 4, 2, 1, 5]);
  });

  it('weighting "entropy" derives the weights (Ersoy 2021: 0.405, 0.221, …) before ranking', async () => {
    const request = {
      method: 'wsm',
      matrix: [
        [256, 8, 41, 1.6, 1.77, 7347.16],
        [256, 8, 32, 1.0, 1.8, 6919.99],
        [256, 8, 53, 1.6, 1.9, 8400],
        [256, 8, 41, 1.0, 1.75, 6808.9],
        [512, 8, 35, 1.6, 1.7, 8479.99],
        [256, 4, 35, 1.6, 1.7, 7499.99],
      ],
      types: [1, 1, 1, 1, -1, -1],
      weighting: 'entropy',
    };
    const { code, stdout } = await qunceWithStdin(['mcda'], JSON.stringify(request));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { weights: number[]; variant: string };
    expect(out.weights.map((w) => Number(w.toFixed(3)))).toEqual([0.405, 0.221, 0.134, 0.199, 0.007, 0.034]);
    expect(out.variant).toBe('wsm/max-normalisation');
  });

  it('a constant column under CRITIC weighting is reported in notes', async () => {
    const request = {
      method: 'gra',
      matrix: [
        [1, 5, 3],
        [2, 5, 1],
        [3, 5, 2],
      ],
      types: [1, 1, -1],
      weighting: 'critic',
    };
    const { code, stdout } = await qunceWithStdin(['mcda'], JSON.stringify(request));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { notes: string[]; weights: number[] };
    expect(out.weights[1]).toBe(0);
    expect(out.notes.join()).toMatch(/column 2 is constant/);
  });

  it.each([
    ['invalid JSON', '{"method":', /not valid JSON/],
    ['an array', '[1, 2]', /expects a JSON object/],
    ['unknown method', JSON.stringify({ ...aircraft, method: 'electre' }), /unknown method "electre"/],
    [
      'non-numeric cell',
      JSON.stringify({
        ...aircraft,
        matrix: [
          [1, 2],
          [3, 'x'],
        ],
        types: [1, 1],
        weights: [1, 1],
      }),
      /row 2, column 2 is not a finite number/,
    ],
    [
      'ragged rows',
      JSON.stringify({ ...aircraft, matrix: [[1, 2], [3]], types: [1, 1], weights: [1, 1] }),
      /row 2 has 1 columns/,
    ],
    ['types not ±1', JSON.stringify({ ...aircraft, types: [1, 1, 1, 0, 1, 1] }), /types\[4\] must be 1/],
    [
      'weights of the wrong length',
      JSON.stringify({ ...aircraft, weights: [1, 2] }),
      /one value for each of the 6 criteria/,
    ],
    [
      'negative weights',
      JSON.stringify({ ...aircraft, weights: [1, 1, 1, 1, 1, -1] }),
      /weight 6 must be a non-negative/,
    ],
    ['unknown field', JSON.stringify({ ...aircraft, colour: 'red' }), /unknown field "colour"/],
    [
      'WPM with a negative value',
      JSON.stringify({
        method: 'wpm',
        matrix: [
          [1, 2],
          [-1, 3],
        ],
        types: [1, 1],
      }),
      /WPM needs a positive value at row 2, column 1/,
    ],
  ])('exits 2 with a one-line message for %s', async (_name, input, message) => {
    const { code, stdout, stderr } = await qunceWithStdin(['mcda'], input);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('the real bin runs as a subprocess: node packages/server/bin/qunce.mjs mcda < aircraft.json', () => {
    const bin = fileURLToPath(new URL('../../../bin/qunce.mjs', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'mcda'], {
      input: JSON.stringify(aircraft),
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as { ranks: number[] }).ranks).toEqual([1, 4, 2, 3]);
    const bad = spawnSync(process.execPath, [bin, 'mcda'], {
      input: '{"method":"topsis"}',
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/empty/);
  });
});
