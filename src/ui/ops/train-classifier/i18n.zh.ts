import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // TrainPanel: the classifier's settings
  trainer: {
    title: '流失 / 倾向模型',
    intro:
      '用逻辑回归或小型神经网络（TensorFlow.js，在训练 worker 中运行）根据数值特征预测一个是/否标签。数据行从 DuckDB 分块流式读取；按固定种子分层划分为 70/10/20；依据验证损失提前停止；在留出的测试集上计算 ROC、PR、校准曲线和置换特征重要性。',
    empty: '请先运行 RFM 或构建特征矩阵（或载入一张含数值列的表）。',
    featuresFrom: '特征来源',
    featuresCount: (chosen, of) => `特征（已选 ${fmt.count(chosen)} / 共 ${fmt.count(of)}）`,
    labelTable: '标签表',
    labelColumn: '标签列',
    joinColumn: (table) => `关联 ${table} 的列`,
    toColumn: (table) => `= ${table} 的列`,
    mlp: '神经网络（MLP）',
    hiddenLayers: '隐藏层',
    hiddenTitle: '各层大小，例如 32, 16',
    dropout: 'Dropout 比例',
    maxEpochs: '最大轮次',
    batch: '批大小',
    learningRate: '学习率',
    classWeights: '类别权重',
    balanced: '平衡',
    none: '无',
    backend: '后端',
    backendAuto: '自动（最快的可用后端）',
    resume: '继续',
    paused: '已暂停',
    pause: '暂停',
    stop: '停止',
  },
};
