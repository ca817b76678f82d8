// The owner's part of the record (issue 10: confirm and sign, rate, add photos). The endpoints
// are not in this build yet: nothing is shown until they are.

/** The confirmation/signature and photo section for complaint `c`, or null. */
export function recordSection() {
  return null;
}
