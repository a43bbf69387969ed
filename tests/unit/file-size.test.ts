/** The sizes /data/ shows beside each download: decimal kB below a megabyte, MB above, one decimal at most. */
import { describe, expect, it } from "vitest";
import { formatFileSize } from "../../src/lib/format.ts";

describe("formatFileSize", () => {
  it("says a small file in kB and a large one in MB", () => {
    expect(formatFileSize(7264)).toBe("7.3 kB");
    expect(formatFileSize(40_000)).toBe("40 kB");
    expect(formatFileSize(180_224)).toBe("180.2 kB");
    expect(formatFileSize(1_270_000)).toBe("1.3 MB");
  });

  it("never says a file with something in it is 0 kB", () => {
    expect(formatFileSize(12)).toBe("0.1 kB");
  });
});
