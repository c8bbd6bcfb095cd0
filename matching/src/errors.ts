/** A demand, vendor list or option the caller passed cannot be used as given. */
export class MatchingInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MatchingInputError";
  }
}
