// What the chats keep: half-finished commands, linked accounts and their link codes, and the task messages posted.
import type { Channel, ChatPlatform } from '../../domain/model.ts';

/** A half-finished command: the fields given so far and the one being asked for. Survives a restart. */
export interface Conversation {
  verb: string;
  /** Positional arguments already understood, e.g. the dataset code or case id. */
  target: string | null;
  formId: string;
  values: Record<string, string>;
  awaiting: string;
  /**
   * For a decision: the case's version when the form opened. If someone else decides the case meanwhile, this one is
   * stale and is refused with "already decided by …" instead of being applied to a step the person never saw.
   */
  caseVersion: number | null;
  updatedAt: Date;
}

export interface ConversationRepository {
  get(channel: Channel, userId: string): Promise<Conversation | null>;
  put(channel: Channel, userId: string, conversation: Conversation): Promise<void>;
  clear(channel: Channel, userId: string): Promise<void>;
}

/** A chat account linked to a kaifang user: who a Slack or Telegram sender is. */
export interface ChatIdentity {
  platform: ChatPlatform;
  /** The platform's own id of the account: Slack's user id (U…/W…), Telegram's numeric user id as text. */
  externalId: string;
  userId: string;
  linkedAt: Date;
}

/**
 * One kaifang user per chat account, and one chat account per user and platform: linking either side again replaces
 * the earlier link.
 */
export interface IdentityRepository {
  /** Links the account, first removing any link of the same account or of the same user on that platform; returns those removed. */
  link(identity: ChatIdentity): Promise<ChatIdentity[]>;
  find(platform: ChatPlatform, externalId: string): Promise<ChatIdentity | null>;
  findByUser(platform: ChatPlatform, userId: string): Promise<ChatIdentity | null>;
  /** False when the account was not linked. */
  unlink(platform: ChatPlatform, externalId: string): Promise<boolean>;
  /** Every link, by userId then platform (for the operator's `users list`). */
  list(): Promise<ChatIdentity[]>;
}

/** The chat account that redeemed a link code. */
export interface ChatAccount {
  platform: ChatPlatform;
  externalId: string;
}

/** A one-time code an operator hands a person so they can link their chat account (`npx kaifang users invite`). */
export interface LinkCode {
  code: string;
  userId: string;
  /** Valid before this instant. */
  expiresAt: Date;
  createdAt: Date;
  usedAt: Date | null;
  usedBy: ChatAccount | null;
}

export type NewLinkCode = Pick<LinkCode, 'code' | 'userId' | 'expiresAt' | 'createdAt'>;

export type RedeemResult = { ok: true; userId: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export interface LinkCodeRepository {
  /** Codes are unique: creating one that exists fails (the caller draws codes at random from a large space). */
  create(code: NewLinkCode): Promise<LinkCode>;
  get(code: string): Promise<LinkCode | null>;
  /**
   * Uses the code (exact match) at `at`: valid when it exists, is unused and `at` is before its expiry. Marking it used
   * is one conditional write, so of two redeemers racing for the same code exactly one gets the userId and the other
   * `used`. A used code reports `used` even once it has expired too.
   */
  redeem(code: string, at: Date, by: ChatAccount): Promise<RedeemResult>;
}

/**
 * A chat message that shows a case (a task with buttons, typically), remembered so that every copy can be edited once
 * the case moves on, and so that a button click can be traced back to the case and version it showed.
 */
export interface PostedMessage {
  platform: ChatPlatform;
  caseId: string;
  /** The case version the message shows now; its buttons act on this version. */
  caseVersion: number;
  /** The person it was posted to. */
  userId: string;
  /** Slack's channel id (a DM's D…), Telegram's chat id as text. */
  channel: string;
  /** The message within the channel: Slack's `ts`, Telegram's `message_id` as text. */
  messageRef: string;
  postedAt: Date;
}

/** Messages are keyed by (platform, channel, messageRef), which the platforms guarantee unique. */
export interface PostedMessageRepository {
  /** Remembers a message; adding the same message again (a retried post) replaces what was stored. */
  add(message: PostedMessage): Promise<void>;
  /** The message a button was clicked on: which case, and which version it showed. */
  find(platform: ChatPlatform, channel: string, messageRef: string): Promise<PostedMessage | null>;
  /** Every copy showing the case (on one platform, or all), by postedAt then platform, channel, messageRef. */
  listByCase(caseId: string, platform?: ChatPlatform): Promise<PostedMessage[]>;
  /**
   * After the message was edited to show `caseVersion`: records it, forward only. False when the message is unknown
   * or already shows that version or a later one (another process edited it first; nothing to record).
   */
  setVersion(platform: ChatPlatform, channel: string, messageRef: string, caseVersion: number): Promise<boolean>;
  /** Forgets a message the platform no longer has (deleted, or the channel is gone). False when it was not known. */
  remove(platform: ChatPlatform, channel: string, messageRef: string): Promise<boolean>;
}
