import { describe, expect, it } from "vitest";
import { formatDate, localDate } from "../../src/kernel/dates.js";
import { deadlineAhead, deadlineStatus, lastDayToObject } from "../../src/knowledge/deadline.js";

const campaign = { deadline: "2025-05-27", timezone: "Europe/Berlin" };

describe("deadline clock", () => {
  it("counts whole days by the Berlin calendar", () => {
    expect(deadlineStatus(campaign, new Date("2025-05-15T09:00:00Z"))).toEqual({
      phase: "before",
      daysLeft: 12,
    });
    expect(deadlineStatus(campaign, new Date("2025-05-25T21:59:00Z"))).toEqual({
      phase: "before",
      daysLeft: 2,
    });
    // The day before the deadline (the day training starts) is the last day to object in time.
    expect(deadlineStatus(campaign, new Date("2025-05-25T22:00:00Z"))).toEqual({
      phase: "lastDay",
      daysLeft: 1,
    });
    expect(deadlineStatus(campaign, new Date("2025-05-26T21:59:00Z"))).toEqual({
      phase: "lastDay",
      daysLeft: 1,
    });
    // Midnight in Berlin (UTC+2 in May) is 22:00 UTC the day before.
    expect(deadlineStatus(campaign, new Date("2025-05-26T22:00:00Z"))).toEqual({
      phase: "today",
      daysLeft: 0,
    });
    expect(deadlineStatus(campaign, new Date("2025-05-27T21:59:00Z"))).toEqual({
      phase: "today",
      daysLeft: 0,
    });
    expect(deadlineStatus(campaign, new Date("2025-05-27T22:00:00Z"))).toEqual({
      phase: "after",
      daysLeft: -1,
    });
    expect(deadlineStatus(campaign, new Date("2026-11-29T10:00:00Z")).phase).toBe("after");
  });

  it("names the last day to object in time and knows while a deadline lies ahead", () => {
    expect(lastDayToObject(campaign)).toBe("2025-05-26");
    expect(lastDayToObject({ deadline: "2025-03-01" })).toBe("2025-02-28");
    expect(deadlineAhead(campaign, new Date("2025-05-26T21:59:00Z"))).toBe(true);
    // From midnight on the deadline day nothing can be done in time any more.
    expect(deadlineAhead(campaign, new Date("2025-05-26T22:00:00Z"))).toBe(false);
  });

  it("crosses daylight-saving changes without losing a day", () => {
    // Clocks go forward on 30 March 2025.
    expect(
      deadlineStatus({ deadline: "2025-03-31", timezone: "Europe/Berlin" }, new Date("2025-03-29T12:00:00Z"))
        .daysLeft,
    ).toBe(2);
    expect(localDate(new Date("2025-03-30T22:30:00Z"), "Europe/Berlin")).toBe("2025-03-31");
  });

  it("formats the date for each language", () => {
    expect(formatDate("2025-05-27", "de")).toBe("27. Mai 2025");
    expect(formatDate("2025-05-27", "en")).toBe("27 May 2025");
  });
});
