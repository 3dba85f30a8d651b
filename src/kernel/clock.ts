/** The current time; injected so that tests can stand before, on and after a deadline. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export const dayMs = 86_400_000;
