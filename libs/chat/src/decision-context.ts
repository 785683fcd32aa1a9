// What a decision may know besides the text: the day's cloud spend when the policy has a budget,
// and the calling key's attributes (and its own spend when it has a budget).
import type { DecisionContext, Policy } from '@app/routing-policy';
import type { BudgetService } from './budget.service';
import type { ChatKey } from './chat.types';

export async function spendAndKeyContext(
  policy: Policy,
  budget: BudgetService,
  key: ChatKey | null | undefined,
): Promise<DecisionContext> {
  const hasBudget = policy.budget.cloud_usd_per_day !== null;
  // An unknown spend leaves the budget rule unable to fire rather than failing the request.
  const spend = hasBudget ? await budget.cloudSpendToday().catch(() => undefined) : undefined;
  const keySpend =
    key != null && key.daily_cloud_usd !== null && !key.local_only
      ? await budget.cloudSpendToday(new Date(), key.id).catch(() => undefined)
      : undefined;
  return {
    ...(spend === undefined ? {} : { cloudSpendTodayUsd: spend }),
    ...(key == null
      ? {}
      : {
          key: {
            local_only: key.local_only,
            daily_cloud_usd: key.daily_cloud_usd,
            ...(keySpend === undefined ? {} : { cloud_spend_today_usd: keySpend }),
          },
        }),
  };
}
