import type { LocalDate } from '../model.ts';

/**
 * One year's holiday arrangement, as the State Council publishes it every autumn
 * (国务院办公厅关于YYYY年部分节假日安排的通知) or as an operator corrects it in the override file.
 * The working-day clock needs both lists: a generic holiday library knows neither the bridged days off (放假调休)
 * nor the weekend days that are worked in exchange (调休上班日), and those move deadlines by up to a week.
 */
export interface HolidayNotice {
  year: number;
  /** Provenance: the notice's title (and document number), shown to operators. */
  title: string;
  /** Every day off of the notice's periods, one entry per day, weekend days inside a period included. */
  holidays: { date: LocalDate; name: string }[];
  /** Make-up working days (调休上班日): weekend days that are worked. */
  workdays: { date: LocalDate; name: string }[];
}
