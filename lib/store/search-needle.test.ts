import { describe, expect, it } from "vitest";
import { rarerNeedleStart } from "./search-needle";

describe("rarerNeedleStart", () => {
  it("starts at the needle's rarest character", () => {
    expect(rarerNeedleStart("app-role-5")).toBe("pp-role-5");
    expect(rarerNeedleStart("assumerole")).toBe("umerole");
    expect(rarerNeedleStart("a1b2yxxx")).toBe("yxxx");
  });

  it("leaves at least four characters to look for first", () => {
    expect(rarerNeedleStart("app-role-5")).toBe("pp-role-5");
    expect(rarerNeedleStart("asdfy")).toBe("sdfy");
  });

  it("is null when the needle already starts with its rarest character, or is short", () => {
    expect(rarerNeedleStart("yes-a")).toBeNull();
    expect(rarerNeedleStart("a0j")).toBeNull();
    expect(rarerNeedleStart("")).toBeNull();
  });

  it("takes characters it has no frequency for as the rarest, and keeps surrogate pairs whole", () => {
    expect(rarerNeedleStart("a\u00e9tsss")).toBe("\u00e9tsss");
    expect(rarerNeedleStart("ab\u{1f600}cde")).toBe("\u{1f600}cde");
  });
});
