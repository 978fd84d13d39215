// A replayed or retried interaction is applied once per platform delivery id, by the chat core, whatever the
// platform: the same signed Slack modal submission sent three times opens one case; a replayed command or button
// does nothing the second time; old delivery ids are forgotten after an hour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_MEMORY_MS } from '../src/application/chat/chat-core.ts';
import { datePicker, plainText, slashCommand, staticSelect, viewSubmission, type SlackRequestBody, type ViewStateValues } from './support/slack-requests.ts';
import { startSlackWorld, type SlackWorld } from './support/slack-world.ts';

let world: SlackWorld;
let fake: SlackWorld['fake'];
let app: SlackWorld['app'];
let responses = 0;

const send = (r: SlackRequestBody) => world.send(r);
const settle = async () => {
  await new Promise((r) => setTimeout(r, 200));
  await app.changes.idle();
};

const application: ViewStateValues = {
  title: { title: plainText('Bus study') },
  reason: { reason: plainText('r') },
  type: { type: staticSelect('api') },
  period: { period: datePicker('2027-06-30') },
  result: { result: plainText('report') },
  scenario: { scenario: plainText('planning') },
  commit: { commit: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
  meets: { meets: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
};

beforeAll(async () => {
  world = await startSlackWorld({ linked: { alice: 'UALICE', carol: 'UCAROL' } });
  ({ fake, app } = world);
});

afterAll(async () => world?.stop());

describe('replays on Slack', () => {
  it('opens one case for the same signed modal submission sent three times', async () => {
    await send(slashCommand({ userId: 'UALICE', text: 'apply DS-0002' }));
    const [opened] = await fake.waitForCalls('views.open', 1);
    const privateMetadata = String((opened!.args.view as { private_metadata: string }).private_metadata);
    const submission = viewSubmission({ userId: 'UALICE', callbackId: 'kaifang_form', privateMetadata, values: application, triggerId: 'T-SUBMIT-1' });
    for (let i = 0; i < 3; i++) expect((await send(submission)).status).toBe(200);
    await settle();
    expect((await app.store.cases.list()).map((c) => c.id)).toEqual(['C-0001']);
    // A second real submission (its own trigger id) is a second application.
    expect((await send(viewSubmission({ userId: 'UALICE', callbackId: 'kaifang_form', privateMetadata, values: application }))).status).toBe(200);
    await settle();
    expect((await app.store.cases.list()).map((c) => c.id).sort()).toEqual(['C-0001', 'C-0002']);
  });

  it('answers a replayed slash command once', async () => {
    const id = `r${++responses}`;
    const request = slashCommand({ userId: 'UCAROL', text: 'mine', responseUrl: fake.responseUrl(id), triggerId: 'T-CMD-1' });
    for (let i = 0; i < 3; i++) expect((await send(request)).status).toBe(200);
    await fake.waitForCalls(`response_url:${id}`, 1);
    // A decision's form opens once, not once per replay.
    const modals = fake.callsTo('views.open').length;
    const decide = slashCommand({ userId: 'UCAROL', text: 'approve C-0001', triggerId: 'T-CMD-2' });
    for (let i = 0; i < 3; i++) expect((await send(decide)).status).toBe(200);
    await fake.waitForCalls('views.open', modals + 1);
    await settle();
    expect(fake.callsTo(`response_url:${id}`)).toHaveLength(1);
    expect(fake.callsTo('views.open')).toHaveLength(modals + 1);
  });
});

describe('replays in the chat core, for every platform', () => {
  const carol = { platform: 'slack' as const, externalId: 'UCAROL' };

  it('applies a command and a button once per delivery id; the same id on another platform is another delivery', async () => {
    expect((await app.chat.command(carol, 'queue', 'D-1')).kind).toBe('replies');
    expect(await app.chat.command(carol, 'queue', 'D-1')).toEqual({ kind: 'duplicate' });
    const version = (await app.store.cases.get('C-0002'))!.version;
    expect((await app.chat.press(carol, { caseId: 'C-0002', version, action: 'approve' }, 'D-2')).kind).toBe('replies');
    expect(await app.chat.press(carol, { caseId: 'C-0002', version, action: 'approve' }, 'D-2')).toEqual({ kind: 'duplicate' });
    expect((await app.store.cases.get('C-0002'))!.version).toBe(version + 1);
    // The same id on another platform is another delivery.
    expect((await app.chat.command({ platform: 'telegram', externalId: '42' }, 'help', 'D-1')).kind).toBe('replies');
  });

  it('forgets delivery ids after an hour, at the next scheduler round', async () => {
    expect(await app.store.once.isClaimed('delivery:slack:T-SUBMIT-1')).toBe(true);
    world.setNow(new Date(world.now().getTime() + DELIVERY_MEMORY_MS + 60_000));
    await world.serving.scheduler.runNow();
    expect(await app.store.once.isClaimed('delivery:slack:T-SUBMIT-1')).toBe(false);
    expect(await app.store.once.isClaimed('delivery:slack:D-1')).toBe(false);
  });
});
