import type { en } from './i18n.en';

export const zh: typeof en = {
  // FairnessPanel
  fairness: {
    title: '分组公平性',
    intro:
      '模型是否平等对待各个群体？在所选阈值下、基于留出的测试行：各群体被选中（预测为正例）的比例、真正例率（机会均等）和假正例率。差异影响比是最低选中率与最高选中率之比；低于 0.8 即不满足五分之四规则。数值属性按四分位切分为四个区间。',
    empty: '请先训练一个分类器（训练阶段 → 模型）：此处检查的是它的预测表。',
    predictions: '预测表',
    attributeTable: '属性表',
    idColumn: 'ID 列',
    attribute: '属性',
    run: '检查',
    flagged: '需要检查',
    notFlagged: '未发现差距',
    disparateImpact: '差异影响比',
    equalOpportunity: '机会均等差',
    rowsCol: '行数',
    baseRate: '基础正例率',
    selectionRate: '选中率',
    chart: '各群体的选中率、TPR 与 FPR',
    rateAxis: '比率（%）',
  },
};
