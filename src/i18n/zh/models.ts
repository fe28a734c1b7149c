import type { Messages } from '../en';
import { fmt } from '../format';

export const models: Messages['models'] = {
  recTabsLabel: '推荐步骤',
  recTabs: { recommend: '推荐', neural: '神经网络模型', lookalike: '相似人群' },

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

  // RecommendPanel: top-k lists, one customer's view, similar items
  recommend: {
    title: '推荐',
    intro:
      '为每位客户推荐 Top-k 商品，在计算 worker 中完成（矩阵分解在训练 worker 中进行，有 GPU 时使用 GPU）。每条推荐都会说明理由。',
    similarityLabel: '相似度',
    similarities: { cosine: '余弦', jaccard: 'Jaccard 系数', conditional: '条件概率' },
    itemsPerCustomer: '每位客户的商品数',
    run: '推荐',
    lossChart: '推荐模型每轮的训练损失',
    customers: '客户数',
    catalogueItems: '目录中的商品数',
    recommendedShare: '的商品至少推荐给了一位客户（覆盖率）',
    seconds: (s) => `${fmt.fixed(s, 2)} 秒`,
    trainScore: (backend) => `训练 + 评分（${backend}）`,
    computeWorker: '计算 worker',
    findCustomer: '查找客户',
    idPlaceholder: '客户 ID',
    bought: (customer) => `${customer} 购买过的商品`,
    item: '商品',
    times: '次数',
    last: '最近一次',
    recommended: '推荐结果',
    score: '得分',
    why: '理由',
    boughtBefore: '曾购买',
    similarTo: '相似商品：',
    itemPlaceholder: '商品 ID',
    boughtWith: '一同购买的商品',
  },

  // NeuralPanel: sequence model and Wide & Deep ranker
  neural: {
    title: '神经网络行为模型',
    intro:
      '在训练 worker 中训练（有 GPU 时使用 GPU），并分别在未见过的数据上评估。序列模型根据每位客户浏览和购买的先后顺序预测其下一个商品；排序模型预测一次浏览或加购是否会转化为购买，并用它对 ItemCF 的候选重新排序。NCF（神经匹配）位于上方的算法列表和“比较推荐算法”中。',
    empty: '请先载入事件日志。',
    kinds: { sequence: '下一个商品（GRU 序列模型）', ranker: '浏览后购买（Wide & Deep 排序模型）' },
    epochs: '轮次',
    lossChart: '神经网络模型每轮的损失',
    lossAxis: '损失',
    testAuc: '测试集 ROC-AUC（最近 20% 的浏览与加购）',
    judged: '按最后一步评估的客户数',
    epochsOn: (backend) => `轮次 · ${backend}`,
    samplesPerSecond: '样本/秒',
    atK10: 'K = 10 时',
  },

  // LookalikePanel: audience expansion
  lookalike: {
    title: '相似人群',
    intro: '找出行为和画像（基于特征表，经 z 分数标准化）最接近种子人群平均水平的客户，用于人群扩展。',
    empty: '请先构建特征表（特征）。',
    features: '特征',
    seedsFrom: '种子来源',
    where: '条件列',
    is: '取值',
    audienceSize: '人群规模',
    run: '查找相似人群',
    seedCustomers: (value) => `种子客户（${value}）`,
    lookalikes: '相似客户数',
    distinct: (feature, z) => `${feature}（${z > 0 ? '+' : ''}${fmt.fixed(z, 1)} 个标准差）`,
    inCommon: (items) => `种子客户的共同特点：${items.join('、')}`,
    exportAudience: '导出该人群',
  },

  // EvaluatePanel: compare recommenders offline
  compare: {
    title: '比较推荐算法',
    intro:
      '所有算法都在同一训练部分上训练，在同一留出部分上由同一个指标模块评估。留出最后一单：隐藏每位客户的最后一个订单，要求根据此前的订单把它推荐回来。',
    split: '划分方式',
    splits: {
      leaveLastBasket: '留出最后一单',
      temporal: '按日期前后划分',
      randomHoldout: '随机留出 20% 的商品（固定种子）',
    },
    cutoff: '截止日期',
    run: '评估',
    algorithms: '算法（始终包含流行度作为基线）',
    testCustomers: (customers, items) =>
      `${fmt.count(customers)} 位测试客户，平均每位留出 ${fmt.fixed(items, 1)} 个商品。`,
    atK: 'K 值',
    chart: '各算法在不同 K 下的指标',
    metricsMeaning: '指标含义',
  },

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

  // algorithms.ts: each recommender in a line, for menus and help
  algorithms: {
    popularity: { title: '流行度（基线）', help: '大多数客户购买的商品：其他所有推荐算法都必须超越的基线。' },
    itemcf: {
      title: 'ItemCF（一起购买）',
      help: '与客户已购商品相似的商品，相似度按共同购买者计算（余弦、Jaccard 或带流行度衰减的条件概率）；每个商品取前 50 个近邻。',
    },
    usercf: { title: 'UserCF（相似客户）', help: '最相似的 50 位客户（按所购商品计算余弦相似度）购买过的商品。' },
    tagcf: {
      title: '基于标签',
      help: '标签与客户标签画像（对其所购商品的标签做 TF-IDF）相匹配的商品；需要一张带标签的商品表。',
    },
    session: {
      title: '会话（刚刚浏览）',
      help: '基于客户最近一个订单或会话、按时间加权的商品到商品推荐：“刚买了 X 的客户还会买”。',
    },
    als: {
      title: 'ALS（矩阵分解）',
      help: '隐式反馈交替最小二乘（Hu、Koren 和 Volinsky，2008），在训练 worker 中用 TF.js 训练。',
    },
    bpr: {
      title: 'BPR（矩阵分解）',
      help: '贝叶斯个性化排序（Rendle 等，2009）：在采样的正/负样本对上用 Adam 训练嵌入向量。',
    },
    ncf: {
      title: 'NCF（神经匹配）',
      help: 'NeuMF（He 等，2017）：在客户与商品嵌入之上结合广义矩阵分解与 MLP 塔，基于隐式反馈训练，每次购买采样 4 个负样本，在训练 worker 中运行。',
    },
    sequence: {
      title: '序列模型（下一个商品）',
      help: '用 GRU 读取每位客户最近的行为步骤并预测下一个商品；在训练 worker 中基于历史的每个窗口训练。',
    },
    ranker: {
      title: 'Wide & Deep 重排序',
      help: '用 Wide & Deep 模型预测浏览或加购后的购买（客户 × 商品 × 上下文），据此对 ItemCF 的候选重新排序；需要一个含浏览事件的事件类型列。',
    },
  },

  // algorithms.ts: metric definitions, as the evaluation harness computes them
  metricHelp: {
    hr: 'HR@K：前 K 个推荐中至少命中一个测试商品的测试客户占比。',
    precision: 'Precision@K（精确率）：命中数 / K，对测试客户取平均。',
    recall: 'Recall@K（召回率）：命中数 / 测试商品数，对测试客户取平均。',
    ndcg: 'NDCG@K（归一化折损累计增益）：命中的折损增益（1 / log2(排名 + 1)）与 min(测试商品数, K) 个命中时理想值之比。',
    map: 'MAP@K：各客户在每次命中处的平均精确率（以 min(测试商品数, K) 归一）的均值。',
    mrr: 'MRR：前 K 个推荐中首个命中的排名倒数（1 / 排名）的均值（无命中记 0）。',
    coverage: '覆盖率：至少推荐给一位测试客户的商品占商品目录的比例。',
    avgPopularity: '平均流行度：被推荐商品在训练集中的平均购买人数（流行度偏差）。',
  },
};
