// A stand-in for CanvasRenderingContext2D that records what is drawn, stroke by stroke, so the
// chart's drawing can be checked without a browser. Each call can advance a fake clock, to test
// the renderer's time slicing.

export interface Stroke {
  kind: "stroke" | "fill";
  color: unknown;
  dash: number[];
  lineWidth: unknown;
  /** Line segments [x0, y0, x1, y1] of the path. */
  segments: number[][];
  moves: number;
  arcs: number[][];
}

export interface Recording {
  ctx: CanvasRenderingContext2D;
  strokes: Stroke[];
  texts: string[];
  calls: Map<string, number>;
}

export function recordingContext(tick: (op: string) => void = () => {}): Recording {
  const strokes: Stroke[] = [];
  const texts: string[] = [];
  const calls = new Map<string, number>();
  const state: Record<string, unknown> = {};
  let dash: number[] = [];
  let path: { segments: number[][]; moves: number; arcs: number[][]; at: number[] | null } = fresh();
  function fresh() {
    return { segments: [] as number[][], moves: 0, arcs: [] as number[][], at: null as number[] | null };
  }
  const methods: Record<string, (...args: number[]) => void> = {
    beginPath: () => void (path = fresh()),
    moveTo: (x, y) => {
      path.moves++;
      path.at = [x, y];
    },
    lineTo: (x, y) => {
      if (path.at) path.segments.push([path.at[0]!, path.at[1]!, x, y]);
      path.at = [x, y];
    },
    arc: (x, y, r) => void path.arcs.push([x, y, r]),
    stroke: () =>
      void strokes.push({ kind: "stroke", color: state.strokeStyle, dash, lineWidth: state.lineWidth, ...path }),
    fill: () => void strokes.push({ kind: "fill", color: state.fillStyle, dash, lineWidth: 0, ...path }),
    fillText: (text) => void texts.push(String(text)),
  };
  const ctx = new Proxy(state, {
    get(target, key: string) {
      if (key in target) return target[key];
      return (...args: unknown[]) => {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        tick(key);
        if (key === "setLineDash") dash = args[0] as number[];
        methods[key]?.(...(args as number[]));
        if (key === "getImageData") return { data: new Uint8ClampedArray(4) };
      };
    },
    set(target, key: string, value) {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
  return { ctx, strokes, texts, calls };
}

export const segmentCount = (strokes: Stroke[]) => strokes.reduce((n, s) => n + s.segments.length, 0);

/** Segments of the curves only (1.5 px lines), not of the grid, the ticks or the markers. */
export const curveSegments = (strokes: Stroke[], dpr = 1) =>
  segmentCount(strokes.filter((s) => s.kind === "stroke" && s.lineWidth === 1.5 * dpr));
