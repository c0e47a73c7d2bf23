import { describe, expect, it } from "vitest";
import { ExportSlots, isExportLimitError } from "./export-slots";

/** Exports at once, per user and in all (#22): beyond either, a clear refusal. */

function refusal(take: () => unknown) {
  try {
    take();
  } catch (error) {
    if (isExportLimitError(error)) return error;
    throw error;
  }
  throw new Error("the slot was given");
}

describe("ExportSlots", () => {
  it("refuses a user's export beyond their share, with a message, and not other users'", () => {
    const slots = new ExportSlots(2, 8);
    slots.take("alice");
    const second = slots.take("alice");
    const refused = refusal(() => slots.take("alice"));
    expect(refused.scope).toBe("user");
    expect(refused.message).toMatch(/already running 2 exports.*wait for one to finish/);
    slots.take("bob");
    second();
    slots.take("alice");
  });

  it("refuses beyond the server's total, whoever asks", () => {
    const slots = new ExportSlots(2, 3);
    slots.take("a");
    slots.take("b");
    const release = slots.take("c");
    expect(refusal(() => slots.take("d")).scope).toBe("server");
    release();
    slots.take("d");
    expect(slots.active).toBe(3);
  });

  it("gives a slot back once however often its release is called", () => {
    const slots = new ExportSlots(1, 8);
    const release = slots.take("alice");
    const other = slots.take("bob");
    release();
    release();
    expect(slots.active).toBe(1);
    slots.take("alice");
    expect(refusal(() => slots.take("alice")).scope).toBe("user");
    other();
  });
});
