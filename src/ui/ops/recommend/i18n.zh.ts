import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  recTabs: { recommend: '推荐', neural: '神经网络模型', lookalike: '相似人群' },

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
