// CSV pieces and layouts (server/http/csv.ts) without a server: the long layout's rows, the wide
// layout's same values, pieces of at least 64 KiB, and when a client gets gzip.
import { describe, expect, it } from "vitest";
import type { ExportedRun } from "../../../server/db/history-repo";
import { CSV_HEADER, CSV_PIECE_CHARS, csvPieces, wantsGzip, type CsvLayout } from "../../../server/http/csv";

let participants = 0;

function run(round: number, nickname: string, losses: number[], optimizer: "gd" | "momentum" = "gd"): ExportedRun {
  return {
    round,
    run: {
      rank: 1,
      participantId: `00000000-0000-4000-8000-${String(++participants).padStart(12, "0")}`,
      nickname,
      learningRate: 0.001,
      optimizer,
      momentum: optimizer === "momentum" ? 0.9 : null,
      status: "max_steps",
      losses: Float64Array.from(losses),
      divergedAtStep: null,
      finalLoss: losses.at(-1) ?? null,
    },
  };
}

/** The runs as the repository gives them: one at a time, asynchronously. */
async function* each(runs: ExportedRun[]) {
  for (const run of runs) yield await Promise.resolve(run);
}

async function csvText(runs: ExportedRun[], layout: CsvLayout, longest: number) {
  const pieces: string[] = [];
  for await (const piece of csvPieces(each(runs), layout, longest)) pieces.push(piece);
  return { pieces, text: pieces.join("") };
}

describe("CSV pieces", () => {
  const runs = [run(1, "=SUM(A1)", [3, 2.5, 0.1 + 0.2]), run(2, "Bo", [7], "momentum"), run(2, "Cy", [])];

  it("writes the long layout one row per step, header first", async () => {
    const { text } = await csvText(runs, "long", 3);
    expect(text.split("\r\n")).toEqual([
      CSV_HEADER.join(","),
      '1,00000000-0000-4000-8000-000000000001,"\'=SUM(A1)",0.001,max_steps,0,3,gd,',
      '1,00000000-0000-4000-8000-000000000001,"\'=SUM(A1)",0.001,max_steps,1,2.5,gd,',
      '1,00000000-0000-4000-8000-000000000001,"\'=SUM(A1)",0.001,max_steps,2,0.30000000000000004,gd,',
      "2,00000000-0000-4000-8000-000000000002,Bo,0.001,max_steps,0,7,momentum,0.9",
      "",
    ]);
  });

  it("writes the wide layout one row per run, padded to the longest series", async () => {
    const { text } = await csvText(runs, "wide", 3);
    expect(text.split("\r\n")).toEqual([
      "round,participant_id,nickname,learning_rate,status,optimizer,momentum,loss_0,loss_1,loss_2",
      '1,00000000-0000-4000-8000-000000000001,"\'=SUM(A1)",0.001,max_steps,gd,,3,2.5,0.30000000000000004',
      "2,00000000-0000-4000-8000-000000000002,Bo,0.001,max_steps,momentum,0.9,7,,",
      "2,00000000-0000-4000-8000-000000000003,Cy,0.001,max_steps,gd,,,,",
      "",
    ]);
    await expect(csvText(runs, "wide", 2)).rejects.toThrow(/more than the 2 columns/);
  });

  it("sends pieces of at least 64 KiB, the last one shorter, that join into the same rows", async () => {
    const big = Array.from({ length: 40 }, (_, i) =>
      run(
        1,
        `s${i}`,
        Array.from({ length: 500 }, (_, k) => k / 7),
      ),
    );
    const { pieces, text } = await csvText(big, "long", 500);
    expect(pieces.length).toBeGreaterThan(10);
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(CSV_PIECE_CHARS);
    expect(pieces.at(-1)!.length).toBeLessThan(CSV_PIECE_CHARS + 200);
    expect(pieces.every((piece) => piece.endsWith("\r\n"))).toBe(true);
    expect(text.split("\r\n")).toHaveLength(1 + 40 * 500 + 1);
  });
});

describe("wantsGzip", () => {
  it("follows ?gzip= first, then Accept-Encoding with its q-values", () => {
    expect(wantsGzip("1", undefined)).toBe(true);
    expect(wantsGzip("0", "gzip")).toBe(false);
    expect(wantsGzip(null, "gzip, deflate, br")).toBe(true);
    expect(wantsGzip(null, "br;q=1.0, GZIP;q=0.5")).toBe(true);
    expect(wantsGzip(null, "gzip;q=0")).toBe(false);
    expect(wantsGzip(null, "identity")).toBe(false);
    expect(wantsGzip(null, "")).toBe(false);
    expect(wantsGzip(null, undefined)).toBe(false);
  });
});
