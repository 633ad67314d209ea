"""The first 《免责声明》, after the 2022 notice and the 2023 plan: the session hosts sign it with the
demanders, the solvers and the experts of the contests (各产业专场主承办单位须与参加挑战季现场活动
需求方、技术供给方、专家签订《免责声明》); hidden details stay hidden, and a public contest needs
the consent of both sides (公开发布技术需求时须根据需求方意愿隐去相关信息，进行公开赛事须征得需求方和
技术供给方同意，强化技术保密和知识产权保护). Published as of the 2023 plan's start."""

import datetime

from django.db import migrations

VERSION = "2023"
PUBLISHED_AT = datetime.datetime(2023, 3, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TEXT = """江苏省J-TOP创新挑战季《免责声明》

为规范“J-TOP创新挑战季”寻榜、发榜、揭榜、竞榜、奖榜各阶段活动，强化技术保密和知识产权保护，参加活动的技术需求方（发榜方）、技术供给方（揭榜方）和评审专家，在参加产业专场现场挑战比拼（竞榜）等活动前，应阅读并确认本声明。

一、平台与承办单位的角色
江苏省科技资源统筹服务中心（江苏省技术产权交易市场）依托省科技资源统筹服务云平台“揭榜挂帅”专题页，与各产业专场主承办单位为参与各方提供需求发布、方案应征、路演对接、专家点评和金融资源对接等信息服务，不是参与各方合作或交易的当事人。

二、信息的真实性
1. 技术需求方对所发布技术需求（包括意向投入金额、合作方式、有效期限和技术指标）的真实性、准确性与合法性负责。
2. 技术供给方对所提交解决方案及所涉专利（成果）的真实性、权属和合法性负责，保证不侵犯他人的知识产权和其他合法权益。
3. 平台和承办单位对需求诊断、榜单发布和智能匹配结果不作任何明示或默示的担保。

三、保密与隐去信息
1. 公开发布技术需求时，平台根据需求方意愿隐去相关信息；需求方同意后，方向特定揭榜方提供隐去的信息。
2. 参与各方对在活动中知悉的他方技术秘密、商业秘密和未公开信息负有保密义务，不得用于活动以外的目的，不得向第三方披露。

四、公开赛事须经双方同意
进行公开赛事（现场路演、挑战比拼）须征得需求方和技术供给方同意。任一方未同意或在赛事发布前撤回同意的，该合作项目不参加公开赛事。

五、专家点评与评分
1. 外部专家的点评、指导和评分仅代表专家个人的专业意见，供参与各方参考，不构成对项目技术价值、商业价值或合作结果的保证。
2. 专家个人评分不对外公开；赛事举办后仅公布汇总结果。专家应遵守回避和保密要求，客观公正地评价项目。

六、金融机构的考察评估
受邀金融机构对项目的考察评估和关注意向，不构成投资、贷款、担保或其他融资承诺；具体金融服务由金融机构与项目方另行协商确定。

七、合作与交易的责任
参与各方经对接达成合作的，应另行签订技术合同，明确各自的权利义务。平台和承办单位对参与各方自行达成的合作、交易及其履行结果不承担法律责任。

八、其他
1. 因不可抗力、网络故障等非平台原因导致活动中断或信息延误的，平台和承办单位及时告知并尽力恢复，不承担由此造成的损失。
2. 本声明自参与方在平台在线确认之时起生效。平台发布新版本的，参与方在参加此后的赛事前应重新确认。
"""


def forward(apps, schema_editor):
    apps.get_model("challenge", "Disclaimer").objects.get_or_create(
        version=VERSION, defaults={"text": TEXT, "published_at": PUBLISHED_AT})


def backward(apps, schema_editor):
    Disclaimer = apps.get_model("challenge", "Disclaimer")
    Disclaimer.objects.filter(version=VERSION, acceptances__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("challenge", "0010_disclaimers")]
    operations = [migrations.RunPython(forward, backward)]
