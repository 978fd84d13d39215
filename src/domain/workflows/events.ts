// The events the shared actions become (approve, return, reject, extend, resubmit). A workflow whose action needs
// another event declares it with its action; the transition table is keyed by event type.
export type WorkflowEvent =
  | { type: 'approve'; note?: string }
  | { type: 'return'; reasons: string[] }
  | { type: 'reject'; legalBasis: string; reason?: string }
  | { type: 'resubmit'; input: Record<string, unknown> }
  /** S10: `consulted`, the provider talked it through with the reporter (协商沟通); `agreed`, what they agreed. */
  | { type: 'extend'; workingDays: number; reason: string; consulted: boolean; agreed: string }
  /** The applicant accepts what was offered them (W5: the usage agreement, T15(三)). */
  | { type: 'accept' };

export type EventType = WorkflowEvent['type'];
