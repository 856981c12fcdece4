// The verification gate: a member passes by pressing Verify (answering the guild's
// question when one is set) or is verified by a manager from the web UI. Passing
// gives the verified role and takes the unverified one; every attempt is recorded,
// a passed one also as role changes and a memberVerified event.
import { DomainError } from '../domain/errors.ts';
import type { DiscordUserRef } from '../moderation/moderation.ts';
import type { DiscordMembers } from '../roles/discord-members.ts';
import type { RoleChange } from '../roles/role-panels.ts';

export interface VerificationSettings {
  unverifiedRoleId: string | null;
  verifiedRoleId: string | null;
  question: string | null;
  answer: string | null;
}

export type VerificationOutcome = 'verified' | 'wrong_answer' | 'failed';

export interface VerificationAttempt {
  guildId: string;
  member: DiscordUserRef;
  outcome: VerificationOutcome;
  answer: string | null;
  via: 'button' | 'web';
  actor: DiscordUserRef | null;
  detail: string | null;
}

export interface VerificationRecord extends VerificationAttempt {
  id: string;
  createdAt: Date;
}

export interface VerificationStore {
  /** The guild's verification settings; null when the bot is not in the guild. */
  settings(guildId: string): Promise<VerificationSettings | null>;
  /** Records an attempt; a verified one with its role changes and events, in one transaction. */
  record(attempt: VerificationAttempt, roleChanges: RoleChange[]): Promise<VerificationRecord>;
}

export interface VerifyRequest {
  guildId: string;
  userId: string;
  via: 'button' | 'web';
  /** The web user who verified the member. */
  actor: DiscordUserRef | null;
  /** The modal's answer (button with a question). */
  answer?: string | undefined;
}

export interface VerifyResult {
  outcome: VerificationOutcome;
  record: VerificationRecord;
}

/** Case- and space-insensitive comparison of an answer with the expected one. */
export function answerMatches(given: string, expected: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(given) === norm(expected);
}

export function createVerifier(store: VerificationStore, members: () => DiscordMembers) {
  return {
    async verify(req: VerifyRequest): Promise<VerifyResult> {
      const settings = await store.settings(req.guildId);
      if (!settings) throw new DomainError('not_found', `the bot is not in guild ${req.guildId}`);
      const verifiedRoleId = settings.verifiedRoleId;
      if (!verifiedRoleId) {
        throw new DomainError(
          'conflict',
          `verification is not set up in guild ${req.guildId}: choose the verified role in the guild settings`,
        );
      }
      const bot = members();
      const down = bot.unavailable();
      if (down) throw new DomainError('unavailable', `cannot give the verified role: ${down}`);
      const member = await bot.member(req.guildId, req.userId);
      if (!member) {
        throw new DomainError(
          'not_found',
          `user ${req.userId} is not a member of guild ${req.guildId}`,
        );
      }
      const who = { userId: member.userId, username: member.username };
      const base = {
        guildId: req.guildId,
        member: who,
        answer: req.answer ?? null,
        via: req.via,
        actor: req.actor,
      };
      if (
        req.via === 'button' &&
        settings.question &&
        settings.answer &&
        !answerMatches(req.answer ?? '', settings.answer)
      ) {
        const record = await store.record({ ...base, outcome: 'wrong_answer', detail: null }, []);
        return { outcome: 'wrong_answer', record };
      }
      const reason = req.via === 'web' ? 'verified from the web UI' : 'passed verification';
      const changes: RoleChange[] = [];
      try {
        if (!member.roleIds.includes(verifiedRoleId)) {
          await bot.addRole(req.guildId, member.userId, verifiedRoleId, reason);
          const roleName = (await bot.roleName(req.guildId, verifiedRoleId)) ?? verifiedRoleId;
          changes.push({
            guildId: req.guildId,
            member: who,
            roleId: verifiedRoleId,
            roleName,
            action: 'added',
            source: 'verification',
            actor: req.actor,
          });
        }
        const unverified = settings.unverifiedRoleId;
        if (unverified && member.roleIds.includes(unverified)) {
          await bot.removeRole(req.guildId, member.userId, unverified, reason);
          changes.push({
            guildId: req.guildId,
            member: who,
            roleId: unverified,
            roleName: unverified,
            action: 'removed',
            source: 'verification',
            actor: req.actor,
          });
        }
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        const record = await store.record({ ...base, outcome: 'failed', detail }, changes);
        return { outcome: 'failed', record };
      }
      const record = await store.record({ ...base, outcome: 'verified', detail: null }, changes);
      return { outcome: 'verified', record };
    },
  };
}

export type Verifier = ReturnType<typeof createVerifier>;
