"use client";
// A translated sentence whose filled-in values (a formula, a rate like 1.2e-4) never break across
// lines: a phone's narrow column would otherwise split "1.2e-4" at its hyphen or a formula at a space.
import type { MessageKey } from "../../../lib/i18n";
import { useI18n } from "../i18n-provider";

const OPEN = "\uE000";
const CLOSE = "\uE001";

export function NowrapText({ k, values }: { k: MessageKey; values: Record<string, string | number> }) {
  const { t } = useI18n();
  const marked = Object.fromEntries(Object.keys(values).map((name) => [name, `${OPEN}${name}${CLOSE}`]));
  const parts = t(k, marked).split(new RegExp(`${OPEN}(\\w+)${CLOSE}`));
  // split() with a capture group: odd entries are the names of the values.
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} className="whitespace-nowrap">
        {String(values[part] ?? "")}
      </span>
    ) : (
      part
    ),
  );
}
