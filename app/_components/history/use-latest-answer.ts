"use client";
// A read that follows a control being dragged (the replay slider): asked after a short quiet
// spell, each new ask aborting the one before, so only the latest answer is ever shown. While a
// newer answer is on its way the previous one stays (the caller dims it): no empty flash.
import { useEffect, useEffectEvent, useRef, useState } from "react";

export interface LatestAnswer<T> {
  /** The newest answer received (undefined before the first). */
  value: T | undefined;
  /** The answer for the current key is still to come. */
  loading: boolean;
  /** The ask for the current key failed (the previous answer, if any, is still in `value`). */
  failed: boolean;
}

/**
 * Asks `load` for `key`: the first at once, later ones `delayMs` after the key stopped changing.
 * `load` is read when the ask starts (an effect event), so it need not be stable.
 */
export function useLatestAnswer<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  delayMs: number,
): LatestAnswer<T> {
  const [answer, setAnswer] = useState<{ key: string | null; value: T | undefined; failedKey: string | null }>({
    key: null,
    value: undefined,
    failedKey: null,
  });
  const ask = useEffectEvent((signal: AbortSignal) => load(signal));
  const askedRef = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        askedRef.current = true;
        ask(controller.signal).then(
          (value) => {
            if (!controller.signal.aborted) setAnswer({ key, value, failedKey: null });
          },
          () => {
            if (!controller.signal.aborted) setAnswer((a) => ({ ...a, failedKey: key }));
          },
        );
      },
      askedRef.current ? delayMs : 0,
    );
    // A newer key (or leaving the page): the wait is cancelled and a request under way aborted.
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, delayMs]);

  const failed = answer.failedKey === key;
  return { value: answer.value, loading: answer.key !== key && !failed, failed };
}
