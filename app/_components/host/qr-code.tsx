"use client";
// The join link as a QR code (a PNG data URL rendered as <img>, so no markup is injected).
// Only the public join link is encoded; the host key never leaves localStorage.
import { useEffect, useState } from "react";
import QRCode from "qrcode";

export function QrCode({ url, label }: { url: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(url, { margin: 1, width: 360, errorCorrectionLevel: "M" })
      .then((data) => live && setSrc(data))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [url]);
  if (!src) return <div className="aspect-square w-full max-w-72 animate-pulse rounded-lg bg-slate-800" />;
  // A plain <img>, not next/image: a data URL needs no image optimisation.
  return (
    <img
      src={src}
      alt={label}
      data-testid="join-qr"
      className="aspect-square w-full max-w-72 rounded-lg bg-white p-2"
    />
  );
}
