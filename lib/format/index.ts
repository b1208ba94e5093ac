// Printing numbers the way the lesson's notebook prints them (Python repr, numpy arrays).

export { digitsWithin, roundedDigits, shortestDigits } from "./float-digits";
export type { DecimalDigits } from "./float-digits";
export { floatingFormat, numpyArrayStr } from "./numpy-print";
export type { NumpyArrayInput } from "./numpy-print";
export { pythonFloatRepr } from "./python-repr";
