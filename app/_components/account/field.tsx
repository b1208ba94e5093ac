"use client";
// A labelled text input of the account forms, with an optional hint read out with the field.
import { useId, type InputHTMLAttributes } from "react";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "className"> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
}

export const inputClass =
  "min-h-11 w-full rounded-md border border-slate-500 bg-slate-950 px-3 text-white placeholder:text-slate-500";

export function Field({ label, value, onChange, hint, ...input }: FieldProps) {
  const id = useId();
  // The hint sits outside the label: it describes the field, it is not part of its name.
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-medium">
        {label}
      </label>
      <input
        {...input}
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className={inputClass}
      />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-400">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A new password typed twice (the form compares them), with the library's rules as the hint. */
export function NewPasswordFields(props: {
  labels: [first: string, again: string];
  hint: string;
  values: [first: string, again: string];
  onChange: [first: (value: string) => void, again: (value: string) => void];
}) {
  const common = { type: "password", autoComplete: "new-password", required: true } as const;
  return (
    <>
      <Field
        {...common}
        label={props.labels[0]}
        value={props.values[0]}
        onChange={props.onChange[0]}
        hint={props.hint}
      />
      <Field {...common} label={props.labels[1]} value={props.values[1]} onChange={props.onChange[1]} />
    </>
  );
}

/** An error of a form: announced at once, and focused so keyboard users land on it. */
export function FormError({
  text,
  focusRef,
}: {
  text: string;
  focusRef?: React.RefObject<HTMLParagraphElement | null>;
}) {
  return (
    <p
      ref={focusRef}
      role="alert"
      tabIndex={-1}
      data-testid="form-error"
      className="rounded-md border border-oi-vermillion p-2 text-orange-200"
    >
      {text}
    </p>
  );
}

export const primaryButton =
  "min-h-12 w-full rounded-md bg-oi-orange px-4 text-lg font-bold text-slate-950 hover:brightness-110 disabled:opacity-60";
export const secondaryButton =
  "min-h-11 rounded-md border border-slate-400 px-4 font-semibold text-white hover:bg-slate-800 disabled:opacity-60";
export const cardClass = "space-y-4 rounded-xl border border-slate-700 bg-slate-900 p-5";
