/** Command-line values checked before any work starts: an error names the option and what it takes. */
import { z } from "zod";
import { UsageError } from "./cli";

const number = z.number({ error: "not a number" });
export const wholeFrom = (min: number) => number.int("must be a whole number").min(min, `must be ${min} or above`);
export const positive = number.positive("must be above 0");
export const nonNegative = number.nonnegative("must be 0 or above");

/** A number option's value ("" and words are not numbers). */
export function numberOption<T extends z.ZodType<number>>(name: string, schema: T, text: string): z.infer<T> {
  const parsed = schema.safeParse(text.trim() === "" ? Number.NaN : Number(text));
  if (!parsed.success) throw new UsageError(`--${name} ${text}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

export function choice<T extends string>(name: string, options: readonly T[], value: string): T {
  if (!(options as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be ${options.join(" or ")}`);
  return value as T;
}
