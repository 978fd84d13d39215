import type { Repositories } from '../../application/ports/store.ts';
import type { AuditSealing } from '../audit-hash.ts';
import { createAgencyRepository } from './agency.repository.ts';
import { createAuditRepository } from './audit.repository.ts';
import { createCaseRepository } from './case.repository.ts';
import { createConversationRepository } from './conversation.repository.ts';
import { createDatasetRepository } from './dataset.repository.ts';
import { createDelegationRepository } from './delegation.repository.ts';
import { createGrantRepository } from './grant.repository.ts';
import { createHandlingMemoRepository } from './handling-memo.repository.ts';
import { createIdentityRepository } from './identity.repository.ts';
import { createLinkCodeRepository } from './link-code.repository.ts';
import { createOnceRepository } from './once.repository.ts';
import { createOutboxRepository } from './outbox.repository.ts';
import { createPostedMessageRepository } from './posted-message.repository.ts';
import { createPreferenceRepository } from './preference.repository.ts';
import type { PrismaSession } from './prisma-session.ts';
import { createScheduleRepository } from './schedule.repository.ts';
import { createSettingRepository } from './setting.repository.ts';
import { createUserRepository } from './user.repository.ts';

export function createPrismaRepositories(session: PrismaSession, workflowIds: readonly string[], audit: AuditSealing): Repositories {
  return {
    cases: createCaseRepository(session, workflowIds),
    datasets: createDatasetRepository(session),
    users: createUserRepository(session),
    agencies: createAgencyRepository(session),
    grants: createGrantRepository(session),
    audit: createAuditRepository(session, audit),
    outbox: createOutboxRepository(session),
    conversations: createConversationRepository(session),
    schedule: createScheduleRepository(session),
    once: createOnceRepository(session),
    delegations: createDelegationRepository(session),
    preferences: createPreferenceRepository(session),
    settings: createSettingRepository(session),
    identities: createIdentityRepository(session),
    linkCodes: createLinkCodeRepository(session),
    postedMessages: createPostedMessageRepository(session),
    handlingMemo: createHandlingMemoRepository(session, audit.key),
  };
}
