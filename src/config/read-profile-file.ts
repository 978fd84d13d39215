import { readFileSync } from 'node:fs';
import { KaifangError } from '../domain/errors.ts';
import type { PolicyProfile } from '../domain/policy/policy-profile.ts';
import { applyOverrides, parseProfileFile } from '../domain/policy/profile-overrides.ts';
import { DEFAULT_PROFILE_ID, getProfile } from '../domain/policy/profiles.ts';
import type { WorkflowRegistry } from '../domain/workflows/registry.ts';

/** The city's profile with the operator's file (KAIFANG_PROFILE_FILE) applied; a bad line stops the start naming the file and line. */
export function profileWithFile(profile: PolicyProfile, path: string | null, workflows: WorkflowRegistry): PolicyProfile {
  if (path === null) return profile;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new KaifangError('CONFIG_INVALID', `KAIFANG_PROFILE_FILE: cannot read ${path}`, { cause });
  }
  const parsed = parseProfileFile(text);
  if (!parsed.ok) throw new KaifangError('CONFIG_INVALID', `KAIFANG_PROFILE_FILE: ${path} line ${parsed.line}: ${parsed.message}`);
  const applied = applyOverrides(profile, parsed.overrides, workflows, getProfile(DEFAULT_PROFILE_ID)!);
  if (!applied.ok) throw new KaifangError('CONFIG_INVALID', `KAIFANG_PROFILE_FILE: ${path} line ${applied.line}: ${applied.message}`);
  return applied.profile;
}
