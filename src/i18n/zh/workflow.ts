import type { Messages } from '../en';
import { fmt } from '../format';

export const workflow: Messages['workflow'] = {
  // TemplatesPanel
  templatesHeading: '从一个业务问题开始',
  runOnSamples: '在示例数据上运行',
  useWithMyData: '用于我的数据',
  templates: {
    ecommerce: {
      title: '电商推荐',
      question: '哪些商品常被一起购买？每位客户接下来应该看到什么？',
      description:
        '哪些商品常被一起购买？每位客户接下来应该看到什么？挖掘商品组合（关联规则与共同购买网络），用 ItemCF 为每位客户推荐十件商品并给出每条推荐的理由，并在每位客户的最后一笔订单上比较热门推荐、ItemCF、UserCF、ALS 矩阵分解和神经匹配模型（NCF），帮你选出在自己店铺里真正有效的推荐算法，再读取新推荐的线上 A/B 测试结果（测试 → 实验）。推荐结果可在“应用”阶段导出。',
    },
    'similar-items': {
      title: '相似商品',
      question: '对任一商品，哪些商品与它相配？客户在店内是怎样浏览的？',
      description:
        '对任一商品，哪些商品与它相配？构建共同购买网络及其社区（PageRank 找出枢纽商品），按购买者计算每件商品最近的十个邻居（ItemCF，见 `similar` 表），计算单品特征（热度、复购率、共同购买度数），以及客户在店内的行为路径（浏览 → 加购 → 购买）；并训练一个序列模型（GRU）预测每位客户的下一件商品，在每位客户的最后一步上与热门推荐及上一件商品的 ItemCF 邻居对比评估。',
    },
    retention: {
      title: '客户留存',
      question: '哪些客户正在流失？他们价值多少？应该先挽回谁？',
      description:
        '哪些客户正在流失？他们价值多少？按最近一次消费、消费频率和消费金额（RFM）为客户评分，跟踪按月划分的同期群，拟合客户生命周期价值（BG/NBD + Gamma-Gamma），构建行为特征，在其上训练流失分类器（保存到本浏览器的模型库），用它为每位客户打分，并按风险从高到低列出流失风险最高的客户及其流失概率和风险价值（概率 × 生命周期价值），供挽回活动使用（可在“流失风险客户”视图中排序并导出）。',
    },
    credit: {
      title: '金融信贷',
      question: '哪些持卡人会违约？模型对各年龄段是否公平？',
      description:
        '哪些持卡人存在风险？分析信贷账户概况，对结果的驱动因素排序（互信息），在客户表上训练分类器并留出测试集（ROC、校准曲线，以及在“模型”视图中选择的阈值），并在所选阈值下检查模型在各年龄段间的公平性（选中率、真正例率、五分之四规则）。在自带的示例数据中，结果列是 `churned`（持卡人离开了银行）；用于你自己的信贷数据时，请把违约标志列设为标签。',
    },
  },

  // ProjectsPanel
  // TemplateMapper
  mapping: {
    heading: (title) => `${title}：用于我的数据`,
    intro:
      '为模板的每张表选择你已载入的一张表，并为每个角色选择一列。角色来自“数据”视图；按下“运行”之前不会运行任何步骤。',
    noTables: '请先载入你的文件（上方的“数据”视图）：模板至少需要一张表。',
    table: (name) => `表“${name}”`,
    yourTable: '你的表',
    none: '— 无 —',
    steps: '步骤',
    runs: '运行',
    added: '新增',
    skipped: '跳过',
    problems: '尚不能运行：',
    run: '在我的数据上运行',
    cancel: '关闭',
  },

  // AnswerPanel
  answers: {
    heading: '结论',
    retention: (top, topValue, share, scored, prob, unscored) =>
      `最值得挽回的 ${fmt.count(top)} 位客户的风险价值（流失概率 × 价值）合计 ${topValue}，占全部 ${fmt.count(scored)} 位已评分客户风险价值的 ${share}；他们的平均流失概率为 ${prob}。请从下表顶部开始挽回活动，并可导出为 CSV。` +
      (unscored ? ` 有 ${fmt.count(unscored)} 位客户无法评分（缺少某个特征，例如只有一笔订单）。` : ''),
    retentionNoValue: (scored, high) =>
      `共为 ${fmt.count(scored)} 位客户评分，其中 ${fmt.count(high)} 位的流失概率不低于 50%。未映射价值列，因此下表按流失概率排序。`,
    ecommerce: (best, ndcg, baseline, baselineNdcg, customers) =>
      `在 ${fmt.count(customers)} 位客户的最后一笔订单上，${best} 的推荐效果最好（NDCG@10 为 ${ndcg}，${baseline} 为 ${baselineNdcg}）。请用它来生成推荐；下方勾选的算法即参与比较的算法。`,
    similar: (items, item, neighbours) =>
      `已按“谁买了它”为 ${fmt.count(items)} 件商品找出最相近的商品。例如，买了 ${item} 的客户也买了 ${neighbours}。在下方搜索商品，查看与之相配的商品。`,
    credit: (auc, test, top) =>
      `在 ${fmt.count(test)} 位留出的持卡人上，模型把随机一位违约者排在随机一位未违约者之前的概率为 ${auc}（ROC-AUC）。最重要的因素是 ${top}。请在下方选择阈值；“公平性”视图会按群体检查它。`,
  },

  // AtRiskView
  atRisk: {
    heading: '优先挽回的客户',
    intro: '每位已评分客户的流失概率、价值以及风险价值（概率 × 价值）。点击列标题排序。',
    empty: '运行“客户留存”模板（起始页）以列出有流失风险的客户。',
    customer: '客户',
    probability: '流失概率',
    value: '价值',
    valueAtRisk: '风险价值',
    segment: '分群',
    export: '导出 CSV',
    showing: (shown, total) => `显示 ${fmt.count(shown)} / ${fmt.count(total)}`,
  },

  // SimilarItemsView
  similar: {
    heading: '相似商品',
    intro: '对每件商品，列出被同一批客户购买的商品（ItemCF），最相似的在前。',
    search: '商品',
    empty: '运行“相似商品”模板（起始页）以查看常一起购买的商品。',
    rank: '#',
    item: '相似商品',
    score: '相似度',
  },

  projects: {
    heading: '项目',
    intro:
      '项目包括配方、最近一次的报告和源文件，保存在本浏览器的 IndexedDB 中（从不上传到服务器）。打开项目时会在已存储的文件上重新运行配方，并检查关键指标是否与保存时的运行结果一致。',
    defaultName: '客户分析',
    name: '名称',
    passphraseOptional: '口令（可选）',
    saveNew: '另存为新项目',
    saveOver: (name) => `覆盖保存“${name}”`,
    loadFirst: '请先载入数据或运行一个模板。',
    none: '本浏览器中还没有已保存的项目。',
    colProject: '项目',
    colSize: '大小',
    colLastRun: '最近运行',
    colSaved: '保存时间',
    importFile: '导入项目文件（.custodian）',
    passphraseOf: (name) => `“${name}”的口令`,
    import: '导入',
    reopenSummary: (name, differ, total) =>
      `“${name}”已重新运行：${differ === 0 ? `全部 ${fmt.count(total)} 个关键指标与保存时的运行结果一致` : `${fmt.count(total)} 个关键指标中有 ${fmt.count(differ)} 个不同`}`,
    colStep: '步骤',
    colFigure: '指标',
    colNow: '当前',
  },

  // ProjectRow
  project: {
    encryptedTitle: '已用口令加密存储（AES-GCM）',
    encrypted: '🔒 已加密',
    open: '已打开',
    sizeTitle: (files, bytes, meta) => `${fmt.count(files)} 个文件，${bytes}；配方和报告 ${meta}`,
    lastRun: (ok, steps, seconds, at) =>
      `${ok ? '成功' : '失败'} · ${fmt.count(steps)} 个步骤 · ${fmt.fixed(seconds, 1)} 秒 · ${at}`,
    neverRun: '从未运行',
    when: (iso) => fmt.dateTime(iso),
    openButton: '打开',
    duplicate: '复制',
    rename: '重命名',
    export: '导出',
    delete: '删除',
    newName: '新名称',
    confirmDelete: (name) => `要从本浏览器中删除“${name}”及其保存的文件吗？已导出的文件不受影响。`,
    exported: (name, file, size) => `已将“${name}”导出为 ${file}（${size}，内含每个部分及整体的 SHA-256）。`,
  },

  // Messages of the saved projects and the re-run (state/projects)
  busy: {
    reading: '正在读取项目',
    saving: '正在保存',
    opening: '正在打开',
    running: '正在运行配方',
    noting: '正在记录本次运行',
    duplicating: '正在复制',
    renaming: '正在重命名',
    deleting: '正在删除',
    exporting: '正在导出',
    importing: '正在校验并导入',
    forgetting: '正在清除',
    hashing: '正在计算输入文件的哈希值',
  },
  sourceGone: (name, file) => `本标签页已不再持有数据源“${name}”的文件（${file}）：请先重新载入`,
  nothingToSave: '还没有可保存的内容：请先载入数据。',
  savedOnDisk: (names) =>
    `${names.join('、')} 的表仍以未加密形式保存在本浏览器的 DuckDB 数据库文件中，直到执行“全部清除”（隐私）。`,
  diskEncrypted: '当前打开的项目已加密，而 DuckDB-WASM 无法加密其数据库文件',
  encryptedSaveOver: (name) => `“${name}”已加密：请输入其口令后再覆盖保存（或另存为新项目）。`,
  saved: (name, encrypted) => `已保存“${name}”${encrypted ? '（已加密）' : ''}。`,
  openFailed: (name, error) => `已打开“${name}”，但其配方运行失败：${error}`,
  unknownError: '未知错误',
  opened: (name, differ, total) =>
    `已打开“${name}”：${total === 0 ? '没有可供比较的已保存报告' : differ === 0 ? `全部 ${fmt.count(total)} 个关键指标与保存时的运行结果一致` : `${fmt.count(total)} 个关键指标中有 ${fmt.count(differ)} 个与保存时的运行结果不同`}。`,
  copied: (name) => `已复制为“${name}”。`,
  renamed: (name) => `已重命名为“${name}”。`,
  deleted: (name) => `已删除“${name}”。`,
  imported: (name) => `已导入“${name}”：每个部分都与其 SHA-256 一致。打开它即可在此运行其配方。`,
  rerunFailed: '重新运行失败',

  // RecipeView
  recipe: {
    heading: '配方',
    download: '下载配方',
    runAll: '运行整个配方',
    introBefore: '本应用中的每个操作都是这个配方的一个步骤。同一份 JSON 可以无界面运行（',
    introMiddle: '），也可以通过链接运行（',
    introAfter: '）。',
    jsonLabel: '配方 JSON',
    notJson: (message) => `不是有效的 JSON：${message}`,
    report: '报告',
    downloadHtml: '下载报告（HTML）',
    downloadJson: '下载 report.json',
    colStep: '步骤',
    colOp: '操作',
    colStatus: '状态',
    colRowsIn: '输入行数',
    colRowsOut: '输出行数',
    colMs: '毫秒',
    colMessage: '消息',
    backend: (name) => `后端：${name}`,
  },

  // ExportsPanel
  exports: {
    heading: '导出结果',
    intro: '客户分群、推荐、预测以及其他所有结果表，都以文件形式保存在本机。不会上传任何内容。',
    includePersonal: '包含个人数据列（姓名、电子邮箱、电话等）',
    leftOut: (ref, columns) => `${ref}：已排除个人数据列 ${columns.join('、')}（勾选上方选项即可包含）。`,
    saved: (ref) => `${ref}：已保存。`,
    none: '还没有结果：请先运行一个步骤。',
    colStage: '阶段',
    colStep: '步骤',
    colTable: '表',
    colRows: '行数',
    colExport: '导出',
  },

  // DriftPanel
  drift: {
    noPair:
      '已加载的表中没有两张结构相同、可以比较的表（它们最多共享一个编号列）。请先构建特征，再在下方按更早的日期重建一份，或自行选择表。',
    heading: '数据漂移',
    intro:
      '自模型训练以来数据是否发生了变化？每个特征按训练数据的十分位数分箱（文本按其取值），并用群体稳定性指数（PSI）比较：低于 0.10 为稳定，0.10–0.25 为中等偏移，0.25 及以上为显著偏移。',
    reference: '训练数据（基准）',
    current: '新数据',
    compare: '比较',
    cutoff: '训练截止日期',
    rebuild: (id) => `按此日期重建 ${id}，作为基准`,
    psiChart: '各特征的群体稳定性指数',
    feature: '特征',
    distributionChart: (feature) => `${feature} 的分布：训练数据与新数据对比`,
    trainingData: '训练数据',
    newData: '新数据',
    shareOfRows: '行占比',
    colFeature: '特征',
    colKind: '类型',
    colStatus: '状态',
  },

  // RerunPanel
  rerun: {
    heading: '在新数据上重新运行',
    intro:
      '为每个数据源指定新文件（未指定的数据源沿用当前文件）。整个配方会重新运行，所有已拟合的变换都原样重放，并将关键指标与本次运行进行对比。',
    runFirst: '请先运行一个配方（模板或你自己的步骤）。',
    now: (file) => `当前：${file}`,
    plan: (replayed, frozen, retrained, unsaved, snapshots) =>
      `重放 ${fmt.count(replayed.length)} 个拟合${replayed.length ? `（${replayed.join('、')}）` : ''} · ${fmt.count(frozen)} 个已冻结 · ` +
      `重新训练 ${fmt.count(retrained)} 个模型${unsaved.length ? `（不再保存：${unsaved.join('、')}）` : ''} · 保留 ${fmt.count(snapshots)} 个结果表用于漂移检测`,
    go: '重新运行',
    summaryBefore: (total) => `与上次运行相比，${fmt.count(total)} 个关键指标中有 `,
    summaryAfter: (_total) => ' 个发生了变化。',
    colStep: '步骤',
    colFigure: '指标',
    colBefore: '之前',
    colAfter: '之后',
    colChange: '变化',
    drift: (table) => `漂移：${table} 前后对比`,
  },

  // PrivacyView
  privacy: {
    leftOrigin: '个请求离开了本应用的源',
    seen: (n, origin) =>
      `自本页面载入以来（${origin}），页面和服务工作线程（Service Worker）共观察到 ${fmt.count(n)} 个请求。应用所需的一切都由此处提供；下方的内容安全策略（Content-Security-Policy）会让浏览器拒绝任何其他主机。`,
    cspViolations: (n) => `${fmt.count(n)} 次 CSP 违规`,
    offlineCached: (cached, expected) => `离线：已缓存 ${fmt.count(cached)} / ${fmt.count(expected)} 个应用文件`,
    offlineNone: (production) => `离线：${production ? '尚无服务工作线程' : '没有服务工作线程（开发构建）'}`,
    audit: '审计报告',
    auditJson: '导出审计报告（JSON）',
    auditHtml: '导出审计报告（HTML）',
    auditIntro:
      '最近一次运行的证据，供需要核查的人使用：应用版本、配方、每个输入文件的名称、大小和 SHA-256，每个步骤（耗时、后端、输入和输出行数），被视为个人数据的列及其处理方式，结果保存或导出到了哪里，以及上方的网络日志及其跨源请求数。HTML 版本是一个自包含的页面（不含脚本，不获取任何内容）。',
    runFirst: '请先运行一些内容。',
    csp: '当前生效的内容安全策略（Content-Security-Policy）',
    cspHeaderBefore: '服务器也会以响应头的形式发送该策略，并附带',
    cspHeaderAfter: '（meta 标签无法承载这一项）。',
  },

  // NetworkPanel
  network: {
    heading: '网络请求',
    onlyOff: '仅显示跨源请求',
    all: (n) => `全部 ${fmt.count(n)} 条`,
    intro: (page, sw) =>
      `${fmt.count(page)} 个由页面观察到（Resource Timing），${fmt.count(sw)} 个由服务工作线程观察到，后者还能看到各个 Worker 的请求（DuckDB、TF.js 及其 WebAssembly）。你打开的文件都在本地读取，从不出现在这里。`,
    firstVisit: '首次访问时，服务工作线程接管之前发出的请求不在其日志中。',
    regionLabel: '网络请求',
    colTime: '时间',
    colSeenBy: '观察者',
    colKind: '类型',
    colServed: '响应来源',
    colOrigin: '源',
    colUrl: '网址',
    seenBy: { page: '页面', serviceWorker: '服务工作线程' },
    servedBy: { cache: '缓存', network: '网络', passedThrough: '直接放行', failed: '失败' },
    same: '同源',
    offOrigin: '跨源',
    none: (onlyOff) => (onlyOff ? '没有离开本源的请求。' : '没有请求。'),
  },

  // StoragePanel
  storage: {
    heading: '你的数据存放在哪里',
    refresh: '刷新',
    forgetConfirm: '确定，全部清除',
    forget: '全部清除…',
    warning:
      '此操作会删除 DuckDB 中的所有表，删除本应用的 IndexedDB 数据库（已保存的项目、模型、密钥）、私有文件（OPFS）和本地存储（SQL 历史），并清空配方和报告。此操作无法撤销。已缓存的应用本身会保留，因此仍可离线打开。',
    forgotten: (duckdb, indexedDB, opfs, keys, caches) =>
      `已清除：${fmt.count(duckdb)} 个 DuckDB 对象，${fmt.count(indexedDB)} 个 IndexedDB 数据库，${fmt.count(opfs)} 个 OPFS 条目，${fmt.count(keys)} 个本地存储键${caches ? `，${fmt.count(caches)} 个缓存` : ''}。`,
    blocked: (names) => `仍在其他地方打开（关闭后即删除——请关闭本应用的其他标签页）：${names.join('、')}`,
    duckdb: (memory) => `DuckDB（本标签页的内存${memory ? `，${memory}` : ''}）`,
    rows: (n) => `${n} 行`,
    cols: (n) => `${fmt.count(n)} 列`,
    noTables: '没有表。',
    inMemory:
      '内存中的表在关闭标签页时丢失；存储在磁盘上的数据源保留在 DuckDB 的数据库文件中（见下方 OPFS），直到“全部清除”。',
    onDisk: '在磁盘上（OPFS）',
    duckdbFile: 'DuckDB 的数据库文件：存储在磁盘上的数据源',
    diskDeleted: (size) => `DuckDB 已关闭，其数据库文件已删除（${size}）；在重新打开应用之前它只在内存中工作。`,
    indexedDB: 'IndexedDB 数据库',
    noDatabases: '没有数据库。',
    opfs: '私有文件（OPFS）',
    noFiles: '没有文件。',
    caches: '缓存存储（Cache Storage）',
    files: (n) => `${fmt.count(n)} 个文件`,
    appShell: '应用本身，不是你的数据',
    noCaches: '没有缓存。',
    local: '本地存储',
    nothing: '无。',
    estimate: (usage, quota) => `此源已使用 ${usage}，浏览器允许的上限为 ${quota}（包括所有存储，含应用缓存）。`,
  },
};
