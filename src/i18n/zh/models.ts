import type { Messages } from '../en';
import { fmt } from '../format';
import { zh as recommend } from '../../ui/ops/recommend/i18n.zh';
import { zh as evaluateRecs } from '../../ui/ops/evaluate-recs/i18n.zh';
import { zh as fairness } from '../../ui/ops/fairness/i18n.zh';
import { zh as trainClassifier } from '../../ui/ops/train-classifier/i18n.zh';

export const models: Messages['models'] = {
  recTabsLabel: '推荐步骤',
  ...recommend,

  // Shared by several panels
  events: '事件表',
  model: '模型',
  train: '训练',
  customer: '客户',
  algorithm: '算法',
  threshold: '阈值',
  exportCsv: '导出 CSV',
  epoch: '轮次',
  trainingLoss: '训练损失',
  validationLoss: '验证损失',
  precision: '精确率',
  recall: '召回率',
  coverage: '覆盖率',
  similarity: '相似度',
  logisticRegression: '逻辑回归',
  leaveOutBought: '排除已购买的商品',
  loadPurchaseLog: '请先载入购买记录。',
  rows: (n) => `${fmt.count(n)} 行`,

  ...trainClassifier,

  // EvaluationPanel: curves, metrics and threshold of a trained classifier
  evaluation: {
    lossTitle: '每轮损失',
    lossChart: '每轮的训练损失与验证损失',
    lossAxis: '损失（二元交叉熵）',
    trainingWarmUp: '训练损失（线性预热）',
    validationWarmUp: '验证损失（线性预热）',
    testRocAuc: '测试集 ROC-AUC',
    prAuc: 'PR-AUC（平均精度 AP）',
    logLoss: '对数损失',
    trainedOn: (backend) => `训练后端：${backend}`,
    epochsRun: (epochs, stoppedEarly, best) =>
      `${fmt.count(epochs)} 轮${stoppedEarly ? '（提前停止）' : ''}，${best === 0 ? '保留逻辑回归预热权重（没有一轮降低验证损失）' : `保留第 ${fmt.count(best)} 轮`}`,
    rowsSplit: (used, train, validation, test) =>
      `${fmt.count(used)} 行（${fmt.count(train)} / ${fmt.count(validation)} / ${fmt.count(test)}）`,
    seconds: (s) => `${fmt.number(s, 3)} 秒`,
    rowsPerSecond: (n) => `${fmt.count(n)} 行/秒`,
    savedAs: (name) => `已保存为“${name}”`,
    modelName: '模型名称',
    saveModel: '保存模型',
    accuracy: '准确率',
    onTestRows: (rows, positive) => `基于 ${fmt.count(rows)} 个测试行；预测为正例 ${fmt.count(positive)} 个`,
    rocChart: 'ROC 曲线（测试集）',
    falsePositiveRate: '假正例率',
    truePositiveRate: '真正例率',
    prChart: '精确率–召回率曲线（测试集）',
    calibrationChart: '校准曲线（测试集）',
    meanPredicted: '平均预测概率',
    observedPositive: '实际正例占比',
    importanceChart: '置换特征重要性（测试集 ROC-AUC 的下降）',
    importanceAxis: '打乱后 ROC-AUC 的下降',
  },

  // ConfusionMatrix
  confusion: {
    caption: '测试行上的混淆矩阵',
    predicted: (label) => `预测为 ${label}`,
    predictedNot: '预测为否',
    actually: (label) => `实际为 ${label}`,
    actuallyNot: '实际为否',
    truePositives: '真正例',
    missed: '漏报',
    falseAlarms: '误报',
    trueNegatives: '真负例',
  },

  // RegistryPanel: saved models and scoring
  registry: {
    title: '已保存的模型',
    intro:
      '保存在此浏览器中（IndexedDB），并附带应用模型所需的一切：特征、生成这些特征的已拟合变换与标准化、测试指标，以及训练数据的指纹。导出会写出 model.json、weights.bin 和 custodian.json；导入时读回这三个文件。',
    empty: '还没有保存的模型：先训练一个并点击“保存模型”，或导入一个。',
    cols: {
      name: '名称',
      saved: '保存时间',
      model: '模型',
      testAuc: '测试集 AUC',
      features: '特征',
      trainedOn: '训练数据',
    },
    step: (id) => `步骤 ${id}`,
    logistic: '逻辑回归',
    export: '导出',
    delete: '删除',
    importFiles: '导入模型文件（model.json、weights.bin、custodian.json）',
    scoreTitle: '为表评分',
    table: '表',
    score: '评分',
    scoredWith: (name) => `行已用“${name}”评分`,
    skipped: (n) => `跳过 ${fmt.count(n)} 行（缺少特征）`,
    atOrAbove: (threshold) => `行得分不低于 ${threshold}`,
    meanScore: (score, transforms) => `平均得分 ${fmt.fixed(score, 3)} · 重放的变换：${transforms}`,
    noTransforms: '无',
  },

  ...evaluateRecs,
  ...fairness,
};
