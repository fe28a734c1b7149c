/**
 * A small general-purpose sentiment lexicon for customer reviews and complaints, English and
 * Chinese, in the spirit of the opinion lexicons of Hu & Liu (2004) and HowNet: common evaluative
 * words only, no domain tuning. Words are matched after Intl.Segmenter word segmentation and
 * lower-casing, so Chinese entries are the words ICU's dictionary produces (`不错`, `满意`, `失望`).
 */

export const POSITIVE = new Set([
  // English
  'good', 'great', 'excellent', 'amazing', 'awesome', 'fantastic', 'wonderful', 'perfect', 'perfectly',
  'love', 'loved', 'loves', 'lovely', 'happy', 'pleased', 'satisfied', 'nice', 'best',
  'better', 'beautiful', 'sturdy', 'solid', 'recommend', 'recommended', 'works', 'worth', 'quick', 'quickly', 'fast', 'easy', 'comfortable', 'reliable', 'superb', 'brilliant',
  'delighted', 'impressed', 'glad', 'well', 'exactly', 'favourite', 'favorite', 'helpful',
  'friendly', 'bargain', 'gorgeous', 'durable', 'smooth', 'cute', 'pretty', 'fresh', 'clean',
  // Chinese
  '好', '很好', '不错', '满意', '非常满意', '推荐', '喜欢', '值得', '物超所值', '优秀', '完美', '漂亮',
  '结实', '耐用', '方便', '快', '好用', '划算', '实惠', '舒服', '开心', '高兴', '惊喜', '精致', '超值',
]);

export const NEGATIVE = new Set([
  // English
  'bad', 'poor', 'terrible', 'awful', 'horrible', 'worst', 'worse', 'disappointed', 'disappointing',
  'disappointment', 'broke', 'broken', 'break', 'breaks', 'damaged', 'defective', 'faulty', 'cheap',
  'flimsy', 'late', 'scratched', 'missing', 'returned', 'return', 'refund', 'useless', 'waste', 'hate',
  'hated', 'slow', 'wrong', 'problem', 'problems', 'issue', 'issues', 'complaint', 'rude', 'fake',
  'dirty', 'leak', 'leaks', 'leaking', 'unhappy', 'annoying', 'overpriced', 'mediocre', 'ugly',
  'fragile', 'failed', 'fails', 'stopped', 'rubbish', 'junk',
  // Chinese
  '差', '太差', '很差', '坏', '坏了', '失望', '很失望', '垃圾', '退货', '破', '破损', '慢', '假', '假货',
  '难用', '不满', '投诉', '糟糕', '后悔', '问题', '退款', '生气', '差劲', '劣质',
]);

/** A negator flips the polarity of the next sentiment word within NEGATION_WINDOW tokens. */
export const NEGATORS = new Set(['not', 'no', 'never', "n't", 'nothing', 'hardly', 'without', 'isn', 'wasn', 'don', 'didn', 'doesn', '不', '没', '没有', '别', '不是', '无']);
export const NEGATION_WINDOW = 3;

/** Words too common to say anything about a customer (kept out of TF-IDF terms). */
export const STOPWORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'by', 'from',
  'as', 'is', 'are', 'was', 'were', 'be', 'been', 'it', 'its', "it's", 'this', 'that', 'these', 'those',
  'i', 'me', 'my', 'we', 'our', 'you', 'your', 'he', 'she', 'they', 'them', 'his', 'her', 'their', 'so',
  'very', 'too', 'than', 'then', 'just', 'after', 'before', 'would', 'could', 'should', 'will', 'can',
  'do', 'does', 'did', 'has', 'have', 'had', 'all', 'any', 'some', 'there', 'here', 'what', 'which',
  'who', 'when', 'where', 'how', 'up', 'out', 'about', 'into', 'over', 'again', 'also', 'am', 's', 't',
  '的', '了', '是', '在', '和', '也', '就', '都', '而', '及', '与', '着', '或', '一个', '我', '你', '他',
  '她', '它', '我们', '这', '那', '很', '非常', '太', '还', '吧', '吗', '呢', '啊', '用',
]);
