"""Institutions' patent transformation (专利转化): the stock of patents inventoried and matched,
the institutions' figures, project calls with their eligibility rules and printed 申报书, and
the policy lists. It sits at the top of the ladder and reads the campaigns and the special
sessions through their selectors."""
