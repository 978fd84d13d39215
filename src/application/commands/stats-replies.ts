// 统计 in chat: `stats [period]` for the authority's staff (every agency, row by agency) and an agency's supervisor
// (their agency, row by workflow). Parsing and wording only: the figures come from the statistics service.
import type { User } from '../../domain/model.ts';
import { parseStatsPeriod } from '../../domain/evaluation/stats-period.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { CaseService } from '../case-service.ts';
import type { StatisticsService } from '../evaluation/statistics-service.ts';
import { figureParams, rowNames, scopeName } from '../evaluation/stats-text.ts';
import type { Store } from '../ports/store.ts';
import { errorText } from './render.ts';

export interface StatsRepliesDeps {
  store: Pick<Store, 'agencies'>;
  service: CaseService;
  statistics: StatisticsService;
}

export function createStatsReplies(deps: StatsRepliesDeps) {
  const { store, service, statistics } = deps;

  async function stats(user: User, t: Translate, words: string[]): Promise<string[]> {
    const scope = await statistics.scopeOf(user);
    if (!scope.ok) return [errorText(t, scope)];
    const today = service.today();
    const period = parseStatsPeriod(words.join(' '), today);
    if (!period) return [t('commands.statsBadPeriod', { value: words.join(' ') })];
    const by = scope.value === null ? 'agency' : 'workflow';
    const figures = await statistics.compute({ ...period, by, scope: scope.value }, today);
    const head = { from: period.from, to: period.to, scope: await scopeName(scope.value, store, t), today };
    if (figures.rows.length === 0) return [t('commands.statsEmpty', head)];
    const names = await rowNames(figures, by, store, t);
    const lines = [t('commands.statsHeader', head)];
    for (const row of figures.rows) lines.push(t('commands.statsLine', { name: names.get(row.key)!, ...figureParams(row.figures) }));
    lines.push(t('commands.statsTotal', figureParams(figures.total)), t('commands.statsNote'));
    return [lines.join('\n')];
  }

  return { stats };
}
