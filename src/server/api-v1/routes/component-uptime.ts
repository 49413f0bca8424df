import { z } from 'zod/v4';
import { dailyUptime, dayWindows, uptimeRatio, UPTIME_DAYS, type DayUptime } from '../../../core/uptime.js';
import { addDays, dayKeyOf, isDayKey } from '../../../core/time.js';
import { percent } from '../../api/uptime.js';
import { eventsAffecting, statusHistorySince } from '../../read/components.js';
import { ApiError } from '../errors.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { AUTH_ERRORS, NOT_FOUND, UNPROCESSABLE } from '../schemas/common.js';
import { ComponentUptime } from '../schemas/component.js';
import { loadComponent } from './component-json.js';
import { assertDayInBounds } from '../date-bounds.js';

/** Statuspage's longest range: six calendar months, here counted as 184 days. */
const MAX_RANGE_DAYS = 184;

const dayParam = (what: string): z.ZodOptional<z.ZodString> => z.string().refine(isDayKey, 'give a day as YYYY-MM-DD').optional().meta({ description: what });

const UptimeQuery = z.object({
  start: dayParam('First day (YYYY-MM-DD, page time zone); default: 89 days before today, or the component’s start date when later.'),
  end: dayParam('Last day (YYYY-MM-DD); default and latest: today.'),
});

/** Days from `a` to `b`, both counted. */
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;

/** Whole seconds of one kind of time over the days. */
const secondsOf = (days: readonly DayUptime[], pick: (d: DayUptime) => number): number => Math.round(days.reduce((sum, d) => sum + pick(d), 0) / 1000);

export const COMPONENT_UPTIME_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/components/{component_id}/uptime',
    operationId: 'getPagesPageIdComponentsComponentIdUptime',
    summary: 'Uptime of a component over a range of days (at most six months), computed as the page’s bars are: major outage counts fully, partial outage 30%',
    tag: 'Components',
    scope: 'read',
    query: UptimeQuery,
    responses: { 200: { description: 'The uptime.', schema: ComponentUptime }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE },
    handle: ({ db, page, params, query, now }) => {
      const { component } = loadComponent(db, page, params.component_id!);
      if (component.isGroup) throw new ApiError(422, `“${component.name}” is a group; ask for the uptime of its components.`);
      const zone = page.settings.timeZone;
      const today = dayKeyOf(now, zone);
      const warnings: string[] = [];
      if (query.start !== undefined) assertDayInBounds(query.start, 'start', page, now);
      if (query.end !== undefined) assertDayInBounds(query.end, 'end', page, now);
      let end = query.end ?? today;
      if (end > today) {
        end = today;
        warnings.push('The end date was moved to today; see range_end.');
      }
      const earliest = addDays(today, -(UPTIME_DAYS - 1));
      let start = query.start ?? (component.startDate !== null && component.startDate > earliest ? component.startDate : earliest);
      if (component.startDate !== null && start < component.startDate) {
        start = component.startDate;
        warnings.push('The start date was moved to the component’s start date; see range_start.');
      }
      if (start > end) throw new ApiError(422, `The range is empty: it starts on ${start}, after its end on ${end}.`);
      const count = daysBetween(start, end);
      if (count > MAX_RANGE_DAYS) throw new ApiError(422, `The range is ${count} days long; ask for at most ${MAX_RANGE_DAYS} days (six months) at a time.`);
      const windows = dayWindows(end, count, zone);
      const from = windows[0]!.start;
      const to = windows[windows.length - 1]!.end;
      const days = dailyUptime(statusHistorySince(db, [component.id], from).get(component.id) ?? [], windows, now, component.startDate);
      return {
        status: 200,
        body: {
          id: component.id,
          name: component.name,
          range_start: start,
          range_end: end,
          uptime_percentage: percent(uptimeRatio(days)),
          major_outage: secondsOf(days, (d) => d.majorMs),
          partial_outage: secondsOf(days, (d) => d.partialMs),
          warnings,
          related_events: eventsAffecting(db, component.id, from, to).map((id) => ({ id })),
        },
      };
    },
  }),
];
