/**
 * The audit action of a follow (`follow C-0001`): anyone may follow a public case (a W6 demand) to hear its outcome. It
 * writes no new version of the case — the case's reviewers keep their buttons — so it is not a transition; the log is
 * where followers are kept, and the followers recipient reads them from it.
 */
export const FOLLOW_ACTION = 'case.followed';
